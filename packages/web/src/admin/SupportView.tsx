import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core"
import type { AdminUser, PortfolioScope } from "@trading-app/domain"
import { useState } from "react"
import { staffApi } from "../api/staffClient.js"
import { DataTable } from "../components/DataTable.js"
import { HoldingsTable } from "../dashboard/HoldingsTable.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDateTime, formatPrice, formatQuantity } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { ActivityBadge } from "../transactions/ActivityBadge.js"
import { fieldOf } from "../transactions/activities.js"

/** The user's holdings of one portfolio (or all) and their latest transactions, read-only. */
const UserData = ({ user }: { readonly user: AdminUser }) => {
  const [portfolioId, setPortfolioId] = useState<PortfolioScope>("all")
  const userId = user.id
  const portfolios = useApi(() => staffApi.admin.portfolios({ path: { userId } }), [userId])
  const holdings = useApi(
    () => staffApi.admin.holdings({ path: { userId, portfolioId }, urlParams: {} }),
    [userId, portfolioId]
  )
  const transactions = useApi(
    () =>
      staffApi.admin.transactions({
        path: { userId },
        urlParams: {
          limit: 20,
          sort: "date",
          order: "desc",
          ...(portfolioId === "all" ? {} : { portfolioId })
        }
      }),
    [userId, portfolioId]
  )
  const error = portfolios.error ?? holdings.error ?? transactions.error
  return (
    <Stack>
      <Select
        label="Portfolio"
        data={[
          { value: "all", label: "All portfolios" },
          ...(portfolios.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))
        ]}
        value={portfolioId}
        onChange={(v) => setPortfolioId((v ?? "all") as PortfolioScope)}
        allowDeselect={false}
        w={240}
      />
      {error && (
        <Alert color="red" role="alert" title="Could not load the user's data">
          {error.message}
        </Alert>
      )}
      {holdings.data ? (
        holdings.data.items.length + holdings.data.cash.length === 0 ? (
          <Text c="dimmed" ta="center">
            No holdings.
          </Text>
        ) : (
          <HoldingsTable holdings={holdings.data} linkPositions={false} />
        )
      ) : (
        holdings.loading && <PageLoader />
      )}
      <Title order={3} size="h5">
        Latest transactions
      </Title>
      <DataTable label="Latest transactions" minWidth={640} busy={transactions.loading}>
        <thead>
          <tr>
            <th>Date</th>
            <th>Type</th>
            <th>Symbol</th>
            <th data-num>Quantity</th>
            <th data-num>Price</th>
          </tr>
        </thead>
        <tbody>
          {(transactions.data?.items ?? []).map((t) => (
            <tr key={t.id}>
              <td>{formatDateTime(t.executedAt)}</td>
              <td>
                <ActivityBadge type={t.type} />
              </td>
              <td>{fieldOf(t, "symbol")}</td>
              <td data-num>{formatQuantity(fieldOf(t, "quantity"))}</td>
              <td data-num>
                {formatPrice(fieldOf(t, "price"), fieldOf(t, "currency") ?? undefined)}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {transactions.data?.items.length === 0 && (
        <Text c="dimmed" ta="center">
          No transactions.
        </Text>
      )}
    </Stack>
  )
}

/**
 * A manager's read-only look at another user's portfolios, for support. Nothing is read until
 * asked: every look is recorded in the audit log.
 */
export const SupportView = ({ user }: { readonly user: AdminUser }) => {
  const [open, setOpen] = useState(false)
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <Title order={2} size="h4">
            Portfolios
          </Title>
          {!open && (
            <Button variant="default" onClick={() => setOpen(true)}>
              Show portfolios
            </Button>
          )}
        </Group>
        {open ? (
          <UserData user={user} />
        ) : (
          <Text size="sm" c="dimmed">
            Read-only, for support. Each look at another user's data is recorded in the audit log.
          </Text>
        )}
      </Stack>
    </Paper>
  )
}
