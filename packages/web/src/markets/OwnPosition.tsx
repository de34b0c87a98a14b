import { Anchor, Button, Group, Paper, Text } from "@mantine/core"
import type { InstrumentSymbol } from "@trading-app/domain"
import { lazy, Suspense, useState } from "react"
import { Link } from "react-router"
import { api } from "../api/client.js"
import { PRICE_RELOAD_MS, useLiveReload } from "../events/useLiveReload.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatMoney, formatPercent, formatQuantity, isZero, signColor } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { usePortfolioList } from "../stores/portfolios.js"
import { useCanWrite } from "../stores/session.js"

// The form loads when asked for, not with the market page.
const TradeDialog = lazy(() => import("./TradeDialog.js"))

/**
 * What the user holds of an instrument across all portfolios, live, with the way to its
 * position page and to record a trade of it.
 */
export const OwnPosition = ({
  symbol,
  quoteCurrency
}: {
  readonly symbol: InstrumentSymbol
  readonly quoteCurrency: string | undefined
}) => {
  const canWrite = useCanWrite()
  const portfolios = usePortfolioList()
  const [trading, setTrading] = useState(false)
  const position = useApi(
    () => api.portfolios.position({ path: { portfolioId: "all", symbol }, urlParams: {} }),
    [symbol],
    { keepPrevious: false }
  )
  useLiveReload(position.reload, ["transactions"])
  useLiveReload(position.reload, ["prices"], PRICE_RELOAD_MS)

  const held = position.data?.holding
  const base = position.data?.baseCurrency ?? ""

  return (
    <Paper component="section" withBorder p="sm" aria-label="Your position">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Your position
          </Text>
          {held && !isZero(held.quantity) ? (
            <Group gap="md" data-testid="own-position">
              <Text fw={600}>{formatQuantity(held.quantity)} held</Text>
              <Text>{formatMoney(held.marketValue, base)}</Text>
              <Text c={signColor(held.unrealizedPnl)}>
                {formatMoney(held.unrealizedPnl, base)} ({formatPercent(held.unrealizedPnlPercent)})
              </Text>
              <Anchor component={Link} to={`/positions/${encodeURIComponent(symbol)}`}>
                Position details
              </Anchor>
            </Group>
          ) : position.loading ? (
            <Text c="dimmed">…</Text>
          ) : position.error && position.error.kind !== "NotFound" ? (
            <Text c="red">{position.error.message}</Text>
          ) : (
            <Text data-testid="own-position">None held in any portfolio.</Text>
          )}
        </div>
        <Button
          onClick={() => setTrading(true)}
          disabled={!canWrite || quoteCurrency === undefined || portfolios?.length === 0}
        >
          Record a trade
        </Button>
      </Group>
      {trading && quoteCurrency !== undefined && (
        <Suspense fallback={<PageLoader />}>
          <TradeDialog
            symbol={symbol}
            quoteCurrency={quoteCurrency}
            onClose={() => setTrading(false)}
            onSaved={() => {
              setTrading(false)
              position.reload()
            }}
          />
        </Suspense>
      )}
    </Paper>
  )
}
