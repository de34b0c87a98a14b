import {
  Alert,
  Anchor,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
  useComputedColorScheme
} from "@mantine/core"
import { type InstrumentSymbol, type PortfolioId, timestampOf } from "@trading-app/domain"
import { lazy, Suspense, useMemo } from "react"
import { Link, useParams } from "react-router"
import { api } from "../api/client.js"
import { PRICE_RELOAD_MS, useLiveReload } from "../events/useLiveReload.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDate, formatMoney, formatPercent, formatQuantity, signColor } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { usePortfolios } from "../stores/portfolios.js"
import { PositionTables } from "./PositionTables.js"

const CandleChart = lazy(() => import("../markets/CandleChart.js"))

const DAY = 86_400_000

const Figure = ({ label, value, color }: { label: string; value: string; color?: string }) => (
  <Paper withBorder p="sm">
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {label}
    </Text>
    <Text fw={700} c={color} aria-label={label}>
      {value}
    </Text>
  </Paper>
)

/**
 * One security of the portfolio the dashboard shows (or of all of them): its figures, a daily
 * chart with its buys and sells, its open lots, sales, dividends and every entry.
 */
const PositionPage = () => {
  const symbol = (useParams().symbol ?? "").toUpperCase() as InstrumentSymbol
  const { selectedId, currency } = usePortfolios()
  const scope = selectedId ?? "all"
  const inCurrency = scope === "all" && currency !== null ? { currency } : {}
  const dark = useComputedColorScheme("light") === "dark"
  const detail = useApi(
    () => api.portfolios.position({ path: { portfolioId: scope, symbol }, urlParams: inCurrency }),
    [scope, symbol, currency]
  )
  const entries = useApi(
    () =>
      api.transactions.list({
        urlParams: {
          symbol,
          sort: "date",
          order: "asc",
          limit: 200,
          ...(scope === "all" ? {} : { portfolioId: scope as PortfolioId })
        }
      }),
    [scope, symbol]
  )
  const first = entries.data?.items[0]?.executedAt
  const candles = useApi(
    () =>
      api.market.candles({
        path: { symbol },
        urlParams: {
          interval: "1d",
          from: timestampOf(new Date(Date.parse(first!) - 30 * DAY))
        }
      }),
    [symbol, first],
    { enabled: first !== undefined }
  )
  useLiveReload(detail.reload, ["transactions"])
  useLiveReload(detail.reload, ["prices"], PRICE_RELOAD_MS)
  useLiveReload(entries.reload, ["transactions"])
  const markers = useMemo(
    () =>
      (entries.data?.items ?? []).flatMap((t) =>
        t.type === "buy" || t.type === "sell"
          ? [{ time: t.executedAt, side: t.type, label: `${t.type} ${formatQuantity(t.quantity)}` }]
          : []
      ),
    [entries.data]
  )

  if (detail.error)
    return (
      <Stack>
        <Title order={1} size="h2">
          {symbol}
        </Title>
        <Alert
          color={detail.error.kind === "NotFound" ? "blue" : "red"}
          title="No position to show"
        >
          {detail.error.message}.{" "}
          <Anchor component={Link} to="/">
            Back to the dashboard
          </Anchor>
        </Alert>
      </Stack>
    )
  if (detail.data === undefined) return <PageLoader />
  const { holding: h, baseCurrency: base, comparison } = detail.data
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {symbol}
          </Title>
          <Text c="dimmed">{h.name}</Text>
        </div>
        <Anchor component={Link} to={`/markets/${encodeURIComponent(symbol)}`}>
          Market data
        </Anchor>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Figure label="Quantity" value={formatQuantity(h.quantity)} />
        <Figure label="Value" value={formatMoney(h.marketValue, base)} />
        <Figure
          label="Unrealized"
          value={formatMoney(h.unrealizedPnl, base)}
          color={signColor(h.unrealizedPnl)}
        />
        <Figure
          label="Realized (net)"
          value={formatMoney(h.realizedPnlNet, base)}
          color={signColor(h.realizedPnlNet)}
        />
        <Figure label="Dividends" value={formatMoney(h.income, base)} />
        <Figure label="Average cost" value={formatMoney(h.averageCost, base)} />
      </SimpleGrid>
      {comparison && (
        <Text size="sm">
          Since the first entry ({formatDate(comparison.since)}), the price moved{" "}
          <Text span fw={600} c={signColor(comparison.priceReturnPercent)}>
            {formatPercent(comparison.priceReturnPercent)}
          </Text>{" "}
          and the benchmark {comparison.benchmark}{" "}
          <Text span fw={600} c={signColor(comparison.benchmarkReturnPercent)}>
            {formatPercent(comparison.benchmarkReturnPercent)}
          </Text>
          , both in {base}.
        </Text>
      )}
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Daily price with your buys and sells
        </Title>
        {candles.error ? (
          <Alert color="red">{candles.error.message}</Alert>
        ) : candles.data === undefined ? (
          <PageLoader />
        ) : (
          <Suspense fallback={<PageLoader />}>
            <CandleChart series={candles.data} dark={dark} markers={markers} />
          </Suspense>
        )}
      </Paper>
      <PositionTables
        detail={detail.data}
        entries={entries.data?.items ?? []}
        more={(entries.data?.nextCursor ?? null) !== null}
      />
    </Stack>
  )
}

export default PositionPage
