import {
  Alert,
  Badge,
  Box,
  Chip,
  Grid,
  Group,
  NavLink,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
  useComputedColorScheme
} from "@mantine/core"
import { CANDLE_INTERVALS, type CandleInterval, type InstrumentSymbol } from "@trading-app/domain"
import { lazy, Suspense, useState } from "react"
import { Link, useParams } from "react-router"
import { api } from "../api/client.js"
import { DataTable } from "../components/DataTable.js"
import { PageLoader } from "../layout/PageLoader.js"
import {
  formatDateTime,
  formatPrice,
  formatQuantity,
  formatTime,
  toneStyle
} from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInstrumentSearch } from "../lib/useInstrumentSearch.js"
import { useInterval } from "../lib/useInterval.js"
import { OwnPosition } from "./OwnPosition.js"
import { PRESETS, useOverlays } from "./overlays.js"

const CandleChart = lazy(() => import("./CandleChart.js"))

const INTERVALS = Object.keys(CANDLE_INTERVALS) as ReadonlyArray<CandleInterval>
const DEFAULT_SYMBOL = "BTC-USD"

const InstrumentList = ({ selected }: { readonly selected: string }) => {
  const [search, setSearch] = useState("")
  const list = useInstrumentSearch(search, 50)
  return (
    <Paper withBorder p="sm">
      <TextInput
        label="Search instruments"
        placeholder="Symbol or name"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        mb="xs"
      />
      {list.error && (
        <Text c="red" size="sm">
          {list.error.message}
        </Text>
      )}
      <Box mah={{ base: 200, md: 520 }} style={{ overflowY: "auto" }}>
        <nav aria-label="Instruments">
          {list.data?.items.map((i) => (
            <NavLink
              key={i.symbol}
              component={Link}
              to={`/markets/${encodeURIComponent(i.symbol)}`}
              active={i.symbol === selected}
              label={i.symbol}
              description={i.name}
              rightSection={
                <Badge size="xs" variant="light">
                  {i.assetClass}
                </Badge>
              }
            />
          ))}
          {list.data?.items.length === 0 && (
            <Text size="sm" c="dimmed">
              No instrument matches.
            </Text>
          )}
        </nav>
      </Box>
    </Paper>
  )
}

const MarketsPage = () => {
  const params = useParams()
  const symbol = (params.symbol ?? DEFAULT_SYMBOL).toUpperCase() as InstrumentSymbol
  const [interval, setCandleInterval] = useState<CandleInterval>("1h")
  const [chosen, setChosen] = useState<Array<string>>([])
  const dark = useComputedColorScheme("light") === "dark"

  const instrument = useApi(() => api.market.instrument({ path: { symbol } }), [symbol])
  const price = useApi(() => api.market.prices({ urlParams: { symbols: [symbol] } }), [symbol], {
    keepPrevious: false
  })
  const candles = useApi(
    () => api.market.candles({ path: { symbol }, urlParams: { interval } }),
    [symbol, interval]
  )
  const trades = useApi(
    () => api.market.trades({ path: { symbol }, urlParams: { limit: 20 } }),
    [symbol],
    { keepPrevious: false }
  )
  // Live: the price and trades every 3 s, the current candle every 15 s (not for an unknown symbol).
  const known = instrument.error === undefined
  useInterval(() => {
    if (!known) return
    price.reload()
    trades.reload()
  }, 3_000)
  useInterval(() => known && candles.reload(), 15_000)

  const items = candles.data?.items
  const overlays = useOverlays(
    symbol,
    interval,
    items?.[0]?.time,
    chosen,
    items?.[items.length - 1]?.time
  )

  const latest = price.data?.items[0]
  const currency = instrument.data?.quoteCurrency

  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 3 }}>
        <InstrumentList selected={symbol} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        <Stack>
          {instrument.error ? (
            <Alert color="red" title={`No instrument ${symbol}`}>
              {instrument.error.kind === "NotFound"
                ? "Search the instruments for its symbol or name."
                : instrument.error.message}
            </Alert>
          ) : (
            <Group justify="space-between" align="flex-end">
              <div>
                <Title order={1} size="h2">
                  {symbol}
                </Title>
                <Text c="dimmed">{instrument.data?.name ?? " "}</Text>
              </div>
              <div style={{ textAlign: "right" }}>
                <Text size="xl" fw={700} aria-live="polite" data-testid="latest-price">
                  {latest ? formatPrice(latest.price, currency) : price.loading ? "…" : "No price"}
                </Text>
                {latest && (
                  <Text size="xs" c="dimmed">
                    {latest.source === "trade" ? "Last trade" : "Last close"}{" "}
                    {formatDateTime(latest.time)}
                  </Text>
                )}
              </div>
            </Group>
          )}
          {known && <OwnPosition symbol={symbol} quoteCurrency={currency} />}
          {known && (
            <Paper withBorder p="sm">
              <SegmentedControl
                size="xs"
                mb="sm"
                aria-label="Candle interval"
                value={interval}
                onChange={(v) => setCandleInterval(v as CandleInterval)}
                data={[...INTERVALS]}
              />
              <Chip.Group multiple value={chosen} onChange={setChosen}>
                <Group gap={6} mb="sm" role="group" aria-label="Indicators">
                  {PRESETS.map((p) => (
                    <Chip key={p.key} value={p.key} size="xs" variant="outline">
                      {p.label}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
              {overlays.error && <Alert color="red">{overlays.error}</Alert>}
              {candles.error && <Alert color="red">{candles.error.message}</Alert>}
              {candles.data && candles.data.items.length === 0 && (
                <Text c="dimmed">No candles for this period.</Text>
              )}
              {candles.data && candles.data.items.length > 0 && (
                <Suspense fallback={<PageLoader />}>
                  <CandleChart series={candles.data} dark={dark} overlays={overlays.lines} />
                </Suspense>
              )}
              {candles.loading && candles.data === undefined && <PageLoader />}
            </Paper>
          )}
          {known && (
            <Paper withBorder p="sm">
              <Title order={2} size="h4" mb="xs">
                Recent trades
              </Title>
              {trades.error && <Text c="red">{trades.error.message}</Text>}
              <DataTable label="Recent trades" minWidth={360}>
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Side</th>
                    <th data-num>Price</th>
                    <th data-num>Quantity</th>
                  </tr>
                </thead>
                <tbody>
                  {trades.data?.items.map((t) => (
                    <tr key={t.id}>
                      <td>{formatTime(t.time)}</td>
                      <td style={toneStyle(t.side === "buy" ? "teal" : "red")}>{t.side}</td>
                      <td data-num>{formatPrice(t.price)}</td>
                      <td data-num>{formatQuantity(t.quantity)}</td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
              {trades.data?.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  No recent trades.
                </Text>
              )}
            </Paper>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  )
}

export default MarketsPage
