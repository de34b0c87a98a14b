import {
  Badge,
  Button,
  Group,
  SimpleGrid,
  Stack,
  Text,
  Title,
  useComputedColorScheme
} from "@mantine/core"
import type { GroupId, InstrumentSymbol } from "@trading-app/domain"
import { lazy, Suspense, useMemo, useState } from "react"
import { useParams } from "react-router"
import { api, call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDateTime, formatPrice, formatQuantity } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useCanWrite } from "../stores/session.js"
import { GROUP_STATES, ORDER_STATUSES, orderLabel } from "./labels.js"

const CandleChart = lazy(() => import("../markets/CandleChart.js"))

const LEVEL_COLORS = { buy: "#868e96", take_profit: "#2f9e44", exit: "#e8590c" }

const Figure = ({ label, value }: { readonly label: string; readonly value: string }) => (
  <Stack gap={0}>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text fw={600}>{value}</Text>
  </Stack>
)

/** One position group: its figures, its open orders across the candles, and every order. */
const GroupPage = () => {
  const { groupId } = useParams() as { groupId: GroupId }
  const canWrite = useCanWrite()
  const dark = useComputedColorScheme("light") === "dark"
  const group = useApi(() => executionApi.groups.get({ path: { groupId } }), [groupId])
  useLiveReload(group.reload, ["transactions", "execution"], 1000)
  useInterval(group.reload, 5000)
  const g = group.data
  const candles = useApi(
    () =>
      api.market.candles({
        path: { symbol: g?.symbol as InstrumentSymbol },
        urlParams: { interval: "1m" }
      }),
    [g?.symbol],
    { enabled: g !== undefined }
  )
  const [closing, setClosing] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const open = g !== undefined && g.state !== "closed" && g.state !== "failed"
  // The orders still working, drawn across the candles.
  const levels = useMemo(
    () =>
      (g?.orders ?? [])
        .filter((o) => (o.status === "open" || o.status === "partially_filled") && o.price !== null)
        .map((o) => ({
          price: Number(o.price),
          title: orderLabel(o, g?.takeProfit ?? "aggregate"),
          color:
            o.role === "take_profit"
              ? LEVEL_COLORS.take_profit
              : o.side === "buy"
                ? LEVEL_COLORS.buy
                : LEVEL_COLORS.exit
        })),
    [g]
  )

  const close = async () => {
    setClosing(true)
    setProblem(null)
    try {
      await call(executionApi.groups.close({ path: { groupId } }))
      notify({
        color: "orange",
        title: "Closing the group",
        message: "Its orders are cancelled; what it holds is sold at market"
      })
      group.reload()
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setClosing(false)
    }
  }

  if (g === undefined)
    return group.error ? <FormError message={group.error.message} /> : <PageLoader />

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {g.botName}: {g.symbol}
        </Title>
        {canWrite && open && (
          <Button color="red" variant="light" loading={closing} onClick={() => void close()}>
            Close at market
          </Button>
        )}
      </Group>
      <Group gap="xs">
        <Badge color={GROUP_STATES[g.state].color} variant="light">
          {GROUP_STATES[g.state].label}
        </Badge>
        {g.closeReason && <Text size="sm">{g.closeReason}</Text>}
      </Group>
      <FormError message={problem} />
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Figure label="Held" value={formatQuantity(g.quantity)} />
        <Figure label="Average entry" value={formatPrice(g.averagePrice)} />
        <Figure label="Realised P&L" value={formatPrice(g.realizedPnl)} />
        <Figure label="Entries" value={String(g.entries)} />
        <Figure label="Opened" value={formatDateTime(g.openedAt)} />
      </SimpleGrid>
      {candles.data && candles.data.items.length > 0 && (
        <Suspense fallback={<PageLoader />}>
          <CandleChart series={candles.data} dark={dark} levels={levels} />
        </Suspense>
      )}
      <DataTable label="Orders" minWidth={860}>
        <thead>
          <tr>
            <th>Order</th>
            <th>Side</th>
            <th data-num>Price</th>
            <th data-num>Quantity</th>
            <th data-num>Filled</th>
            <th data-num>Fill price</th>
            <th data-num>Fee</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {g.orders.map((o) => (
            <tr key={o.id}>
              <td>
                {orderLabel(o, g.takeProfit)}
                <Text size="xs" c="dimmed">
                  {o.type} · {o.clientOrderId.slice(0, 9)}
                </Text>
              </td>
              <td>{o.side}</td>
              <td data-num>{formatPrice(o.price)}</td>
              <td data-num>{formatQuantity(o.quantity)}</td>
              <td data-num>{formatQuantity(o.filledQuantity)}</td>
              <td data-num>{formatPrice(o.averageFillPrice)}</td>
              <td data-num>{formatPrice(o.fee)}</td>
              <td>
                {ORDER_STATUSES[o.status]}
                {o.message && <Text size="xs">{o.message}</Text>}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Stack>
  )
}

export default GroupPage
