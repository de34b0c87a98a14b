import { Alert, Anchor, Badge, Button, Stack, Text, Title } from "@mantine/core"
import type { ManualOrder } from "@trading-app/domain"
import { useCallback, useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { ListFooter } from "../components/ListFooter.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { ORDER_STATUSES } from "../groups/labels.js"
import { formatDateTime, formatPrice, formatQuantity } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { usePagedList } from "../lib/usePagedList.js"
import { useCanWrite } from "../stores/session.js"
import { OrderTicket } from "./OrderTicket.js"

const working = (o: ManualOrder) =>
  o.status === "new" || o.status === "open" || o.status === "partially_filled"

/** Orders by hand on paper connections: the ticket, and every order with its fills. */
const OrdersPage = () => {
  const canWrite = useCanWrite()
  const connections = useApi(() => executionApi.connections.list(), [])
  const paper = (connections.data?.items ?? []).filter((c) => c.mode === "paper")
  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      call(
        executionApi.orders.list({ urlParams: { limit: 50, ...(cursor ? { cursor } : {}) } }),
        signal
      ),
    []
  )
  const { rows, nextCursor, loading, error, loadMore, reload } = usePagedList(fetchPage, [])
  useLiveReload(reload, ["transactions", "execution"], 1000)
  useInterval(reload, 10_000)
  const [cancelling, setCancelling] = useState<string | null>(null)

  const cancel = async (o: ManualOrder) => {
    setCancelling(o.id)
    try {
      const done = await call(executionApi.orders.cancel({ path: { orderId: o.id } }))
      notify({
        color: "teal",
        title: "Order cancelled",
        message: `${done.symbol}: ${formatQuantity(done.filledQuantity)} of ${formatQuantity(done.quantity)} filled`
      })
    } catch (e) {
      notify({ color: "red", title: "Could not cancel the order", message: messageOf(e) })
    } finally {
      setCancelling(null)
      reload()
    }
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Paper orders
      </Title>
      <Text size="sm" c="dimmed">
        Place an order by hand on a paper connection: a market order fills at the next trades (0.05%
        slippage, 0.1% fee), a limit order once a trade reaches its price (0.1% fee). Fills are
        recorded in the portfolio you choose. Working orders are read every 10 seconds.
      </Text>
      {connections.data !== undefined && paper.length === 0 ? (
        <Alert color="blue" title="No paper connection">
          Orders by hand are placed on a paper connection:{" "}
          <Anchor component={Link} to="/connections">
            add one
          </Anchor>{" "}
          (it needs no keys).
        </Alert>
      ) : (
        canWrite && paper.length > 0 && <OrderTicket connections={paper} onPlaced={reload} />
      )}
      {error && (
        <Alert color="red" role="alert" title="Could not load the orders">
          {error}
        </Alert>
      )}
      <DataTable label="Orders" minWidth={860} busy={loading}>
        <thead>
          <tr>
            <th>Placed</th>
            <th>Order</th>
            <th data-num>Quantity</th>
            <th data-num>Filled</th>
            <th data-num>Average price</th>
            <th data-num>Fee</th>
            <th>Status</th>
            {canWrite && <th aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td>{formatDateTime(o.createdAt)}</td>
              <td>
                <Text size="sm" fw={600} c={o.side === "buy" ? "teal" : "red"} span>
                  {o.side === "buy" ? "Buy" : "Sell"}
                </Text>{" "}
                <Anchor component={Link} to={`/markets/${encodeURIComponent(o.symbol)}`} size="sm">
                  {o.symbol}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {o.type === "limit" && o.price !== null
                    ? `Limit ${formatPrice(o.price)}`
                    : "Market"}{" "}
                  · {o.connectionName}
                </Text>
              </td>
              <td data-num>{formatQuantity(o.quantity)}</td>
              <td data-num>{formatQuantity(o.filledQuantity)}</td>
              <td data-num>
                {o.averageFillPrice === null ? "—" : formatPrice(o.averageFillPrice)}
              </td>
              <td data-num>{o.fee}</td>
              <td>
                <Badge
                  variant="light"
                  color={working(o) ? "blue" : o.status === "filled" ? "teal" : "gray"}
                >
                  {ORDER_STATUSES[o.status]}
                </Badge>
                {o.message && <Text size="xs">{o.message}</Text>}
              </td>
              {canWrite && (
                <td>
                  {working(o) && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      loading={cancelling === o.id}
                      onClick={() => void cancel(o)}
                      aria-label={`Cancel the ${o.side} order of ${o.symbol}`}
                    >
                      Cancel
                    </Button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
      <ListFooter
        loading={loading}
        loadingLabel="Loading orders"
        empty={!error && rows.length === 0}
        emptyText="No orders yet."
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />
    </Stack>
  )
}

export default OrdersPage
