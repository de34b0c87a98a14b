import {
  Anchor,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
  useComputedColorScheme
} from "@mantine/core"
import {
  type BacktestId,
  type BacktestReport,
  type BacktestWithReport,
  CANDLE_INTERVALS,
  type CandleInterval,
  type InstrumentSymbol,
  MAX_CANDLES,
  type Timestamp
} from "@trading-app/domain"
import { lazy, Suspense, useMemo, useState } from "react"
import { Link, useParams } from "react-router"
import { api } from "../api/client.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDate, formatMoney } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { BacktestOutcome } from "../strategies/BacktestPanel.js"
import { Figures } from "./Figures.js"
import { TradesTable } from "./TradesTable.js"

const LineChart = lazy(() => import("../components/LineChart.js"))
const CandleChart = lazy(() => import("../markets/CandleChart.js"))

/** The candles of one instrument over the test (its last MAX_CANDLES), its trades marked. */
const TradesOnChart = ({
  report,
  symbol,
  interval,
  dark
}: {
  readonly report: BacktestReport
  readonly symbol: InstrumentSymbol
  readonly interval: CandleInterval
  readonly dark: boolean
}) => {
  const width = CANDLE_INTERVALS[interval]
  const to = Date.parse(report.lastBar) + width
  const from = Math.max(Date.parse(report.firstBar), to - MAX_CANDLES * width)
  const candles = useApi(
    () =>
      api.market.candles({
        path: { symbol },
        urlParams: {
          interval,
          from: new Date(from).toISOString() as Timestamp,
          to: new Date(to).toISOString() as Timestamp
        }
      }),
    [symbol, interval, from, to]
  )
  const markers = useMemo(
    () =>
      report.trades
        .filter((t) => t.symbol === symbol)
        .flatMap((t) => [
          { time: t.entryTime, side: "buy" as const, label: "Buy" },
          { time: t.exitTime, side: "sell" as const, label: "Sell" }
        ])
        .filter((m) => Date.parse(m.time) >= from),
    [report, symbol, from]
  )
  if (candles.error) return <FormError message={candles.error.message} />
  if (candles.data === undefined) return <PageLoader />
  return <CandleChart series={candles.data} dark={dark} markers={markers} />
}

const Report = ({
  backtest,
  report
}: {
  readonly backtest: BacktestWithReport
  readonly report: BacktestReport
}) => {
  const dark = useComputedColorScheme("light") === "dark"
  const strategy = useApi(
    () => researchApi.strategies.versions({ path: { strategyId: backtest.strategyId } }),
    [backtest.strategyId]
  )
  const document = strategy.data?.items.find((v) => v.version === backtest.version)?.document
  const symbols = [...new Set(report.trades.map((t) => t.symbol))]
  const [symbol, setSymbol] = useState<string | null>(null)
  const shown = (symbol ?? document?.symbols[0] ?? symbols[0]) as InstrumentSymbol | undefined
  const times = useMemo(() => report.equity.map((p) => p.time), [report])
  const equity = useMemo(
    () => [
      { label: "Strategy", color: "#228be6", values: report.equity.map((p) => p.equity) },
      { label: "Buy and hold", color: "#868e96", values: report.equity.map((p) => p.buyAndHold) }
    ],
    [report]
  )
  const drawdown = useMemo(
    () => [
      { label: "Drawdown", color: "#fa5252", values: report.equity.map((p) => -p.drawdownPercent) }
    ],
    [report]
  )
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {report.bars.toLocaleString()} candles from {formatDate(report.firstBar)} to{" "}
        {formatDate(report.lastBar)} ({report.warmUpBars} before them warmed the indicators up),{" "}
        {report.signals} signals. Fills at the next candle's open after a signal; fees and slippage
        included; a stop and a target inside one candle count as the stop.
      </Text>
      <Figures metrics={report.metrics} currency={report.currency} />
      <Suspense fallback={<PageLoader />}>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">
            Equity against buy and hold
          </Title>
          <LineChart
            times={times}
            lines={equity}
            figure={(v) => formatMoney(v.toFixed(2), report.currency)}
            dark={dark}
            shape={`equity|${report.currency}`}
            label="Equity of the strategy and of buy and hold over the test"
            testId="equity-chart"
          />
        </Paper>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">
            Drawdown
          </Title>
          <LineChart
            times={times}
            lines={drawdown}
            figure={(v) => `${v.toFixed(2)}%`}
            zeroLine
            dark={dark}
            shape="drawdown"
            label="Drawdown from the highest equity so far"
            height={180}
          />
        </Paper>
        {shown !== undefined && document !== undefined && (
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Title order={2} size="h4">
                Trades on the chart
              </Title>
              {document.symbols.length > 1 && (
                <SegmentedControl
                  size="xs"
                  value={shown}
                  onChange={setSymbol}
                  data={[...document.symbols]}
                  aria-label="Instrument shown"
                />
              )}
            </Group>
            <TradesOnChart
              report={report}
              symbol={shown}
              interval={document.timeframe}
              dark={dark}
            />
          </Paper>
        )}
      </Suspense>
      <Title order={2} size="h3">
        Trades
      </Title>
      {report.trades.length === 0 ? (
        <Text c="dimmed">
          No trades: the entry rules never held on a closed candle of the range.
        </Text>
      ) : (
        <TradesTable trades={report.trades} />
      )}
      {report.tradesOmitted > 0 && (
        <Text size="sm" c="dimmed">
          {report.tradesOmitted.toLocaleString()} later trades are not listed; the figures count
          them.
        </Text>
      )}
      <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
        Content hash <code>{report.contentHash}</code>: the same strategy, range, capital and
        candles always give this report.
      </Text>
    </Stack>
  )
}

/** One backtest: its progress while it runs, then its report. */
export const BacktestPage = () => {
  const { backtestId } = useParams()
  const loaded = useApi(
    () => researchApi.backtests.get({ path: { backtestId: backtestId as BacktestId } }),
    [backtestId]
  )
  const backtest = loaded.data
  useInterval(() => {
    if (backtest?.state === "queued" || backtest?.state === "running") loaded.reload()
  }, 1000)
  if (backtest === undefined)
    return loaded.error ? <FormError message={loaded.error.message} /> : <PageLoader />
  return (
    <Stack>
      <Title order={1} size="h2">
        Backtest of {backtest.strategyName}
      </Title>
      <Text size="sm">
        <Anchor component={Link} to={`/strategies/${backtest.strategyId}`}>
          {backtest.strategyName}
        </Anchor>{" "}
        version {backtest.version}, {formatDate(backtest.from)} –{" "}
        {formatDate(new Date(Date.parse(backtest.to) - 1).toISOString())}, starting with{" "}
        {Number(backtest.initialCapital).toLocaleString()}
      </Text>
      {backtest.report === null ? (
        <BacktestOutcome backtest={backtest} />
      ) : (
        <Report backtest={backtest} report={backtest.report} />
      )}
    </Stack>
  )
}

export default BacktestPage
