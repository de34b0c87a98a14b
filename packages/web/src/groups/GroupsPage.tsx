import { Anchor, Badge, SegmentedControl, Stack, Text, Title } from "@mantine/core"
import { useState } from "react"
import { Link } from "react-router"
import { executionApi } from "../api/executionClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { formatDateTime, formatPrice, formatQuantity } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { KillSwitchPanel } from "./KillSwitchPanel.js"
import { GROUP_STATES } from "./labels.js"

type Shown = "open" | "closed"

/** Position groups: what the bots hold now, or held. */
const GroupsPage = () => {
  const [shown, setShown] = useState<Shown>("open")
  const groups = useApi(
    () => executionApi.groups.list({ urlParams: { state: shown, limit: 100 } }),
    [shown]
  )
  useLiveReload(groups.reload, ["transactions", "execution"], 1000)
  useInterval(groups.reload, 10_000)
  const items = groups.data?.items ?? []

  return (
    <Stack>
      <Title order={1} size="h2">
        Position groups
      </Title>
      <Text size="sm" c="dimmed">
        Each entry signal a bot acts on opens a group of orders. Groups are checked every 10
        seconds: fills are recorded in the portfolio, the take-profit follows the average entry.
      </Text>
      <KillSwitchPanel onChange={groups.reload} />
      <SegmentedControl
        aria-label="Groups shown"
        data={[
          { value: "open", label: "Open" },
          { value: "closed", label: "Closed" }
        ]}
        value={shown}
        onChange={(v) => setShown(v as Shown)}
        w={240}
      />
      <FormError message={groups.error?.message ?? null} />
      {groups.data !== undefined && items.length === 0 ? (
        <Text>{shown === "open" ? "No open groups." : "No closed groups yet."}</Text>
      ) : (
        <DataTable
          label="Position groups"
          minWidth={760}
          busy={groups.loading && groups.data === undefined}
        >
          <thead>
            <tr>
              <th>Bot</th>
              <th>State</th>
              <th data-num>Held</th>
              <th data-num>Average entry</th>
              <th data-num>Realised P&amp;L</th>
              <th>Opened</th>
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <tr key={g.id}>
                <td>
                  <Anchor component={Link} to={`/groups/${g.id}`} fw={600} size="sm">
                    {g.botName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {g.symbol}
                    {g.entries > 1 && ` · ${g.entries} entries`}
                  </Text>
                </td>
                <td>
                  <Badge color={GROUP_STATES[g.state].color} variant="light">
                    {GROUP_STATES[g.state].label}
                  </Badge>
                  {g.closeReason && <Text size="xs">{g.closeReason}</Text>}
                </td>
                <td data-num>{formatQuantity(g.quantity)}</td>
                <td data-num>{formatPrice(g.averagePrice)}</td>
                <td data-num>{formatPrice(g.realizedPnl)}</td>
                <td>{formatDateTime(g.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Stack>
  )
}

export default GroupsPage
