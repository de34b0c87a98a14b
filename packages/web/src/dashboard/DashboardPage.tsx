import {
  Alert,
  Anchor,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  useComputedColorScheme
} from "@mantine/core"
import { type Performance, timestampOf } from "@trading-app/domain"
import { lazy, Suspense, useEffect, useState } from "react"
import { Link } from "react-router"
import { api } from "../api/client.js"
import { ChoiceButtons } from "../components/ChoiceButtons.js"
import { PRICE_RELOAD_MS, useLiveReload } from "../events/useLiveReload.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDateTime, formatPercent, signColor } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { usePortfolios } from "../stores/portfolios.js"
import { type AllocationBy, AllocationChart } from "./Allocation.js"
import { HoldingsTable } from "./HoldingsTable.js"
import type { PerformanceView } from "./PerformanceChart.js"
import { PortfolioSwitcher } from "./PortfolioSwitcher.js"
import { Totals } from "./Totals.js"

// The chart library loads with the chart, after the figures.
const PerformanceChart = lazy(() => import("./PerformanceChart.js"))

const RANGES = ["Today", "WTD", "MTD", "YTD", "1Y", "5Y", "Max"] as const
type Range = (typeof RANGES)[number]

/** The start of a range ending now, in local time (Max: from the first entry). */
const rangeStart = (range: Range, now = new Date()): Date | undefined => {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  switch (range) {
    case "Today":
      return day
    case "WTD":
      // Weeks start on Monday.
      return new Date(day.getFullYear(), day.getMonth(), day.getDate() - ((day.getDay() + 6) % 7))
    case "MTD":
      return new Date(now.getFullYear(), now.getMonth(), 1)
    case "YTD":
      return new Date(now.getFullYear(), 0, 1)
    case "1Y":
    case "5Y":
      return new Date(now.getFullYear() - (range === "1Y" ? 1 : 5), now.getMonth(), now.getDate())
    case "Max":
      return undefined
  }
}

type ReturnField =
  | "timeWeightedReturnPercent"
  | "annualisedTimeWeightedReturnPercent"
  | "moneyWeightedReturnPercent"
  | "annualisedMoneyWeightedReturnPercent"
  | "maxDrawdownPercent"

/** A return over the range (and per year, for ranges of a year or more), or why there is none. */
const ReturnFigure = ({
  label,
  performance,
  figure,
  annualised
}: {
  readonly label: string
  readonly performance: Performance
  readonly figure: ReturnField
  readonly annualised?: ReturnField
}) => {
  const value = performance[figure]
  const yearly = annualised === undefined ? null : performance[annualised]
  const reason = performance.unavailable.find((u) => u.figure === figure)?.reason
  return (
    <Text size="sm" title={reason}>
      {label}{" "}
      <Text span fw={600} c={signColor(value)}>
        {formatPercent(value, figure !== "maxDrawdownPercent")}
      </Text>
      {yearly !== null && (
        <Text span c="dimmed">
          {" "}
          ({formatPercent(yearly)} a year)
        </Text>
      )}
    </Text>
  )
}

const DashboardPage = () => {
  const { items: portfolios, selectedId, currency, load } = usePortfolios()
  // All portfolios together are shown in the currency chosen; one portfolio in its own.
  const inCurrency = selectedId === "all" && currency !== null ? { currency } : {}
  const [range, setRange] = useState<Range>("1Y")
  const [view, setView] = useState<PerformanceView>("value")
  const [allocationBy, setAllocationBy] = useState<AllocationBy>("symbol")
  const dark = useComputedColorScheme("light") === "dark"
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    load().catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)))
  }, [load])

  const holdings = useApi(
    () => api.portfolios.holdings({ path: { portfolioId: selectedId! }, urlParams: inCurrency }),
    [selectedId, currency],
    { enabled: selectedId !== null, keepPrevious: false }
  )
  // A portfolio without transactions has no history to chart.
  const hasHoldings = (holdings.data?.items.length ?? 0) + (holdings.data?.cash.length ?? 0) > 0
  const performance = useApi(
    () =>
      api.portfolios.performance({
        path: { portfolioId: selectedId! },
        urlParams: ((from) => ({
          ...inCurrency,
          ...(from === undefined ? {} : { from: timestampOf(from) })
        }))(rangeStart(range))
      }),
    [selectedId, range, currency],
    { enabled: selectedId !== null && hasHoldings }
  )
  // Live: a recorded change at once, new prices at most every 5 s.
  useLiveReload(holdings.reload, ["transactions"])
  useLiveReload(holdings.reload, ["prices"], PRICE_RELOAD_MS)
  useLiveReload(performance.reload, ["transactions"])

  if (loadError)
    return (
      <Alert color="red" title="Could not load your portfolios">
        {loadError}
      </Alert>
    )
  if (portfolios === null) return <PageLoader />

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Dashboard
        </Title>
        <PortfolioSwitcher />
      </Group>

      {holdings.error && (
        <Alert color="red" title="Could not value the portfolio">
          {holdings.error.message}
        </Alert>
      )}
      {holdings.data === undefined ? (
        holdings.loading && <PageLoader />
      ) : (
        <>
          <Totals holdings={holdings.data} />
          {holdings.data.totals.unvaluedSymbols.length > 0 && (
            <Alert color="orange" title="Some holdings could not be valued">
              No price or exchange rate for {holdings.data.totals.unvaluedSymbols.join(", ")}; they
              are left out of the totals.
            </Alert>
          )}
          <Text size="xs" c="dimmed">
            Valued {formatDateTime(holdings.data.asOf)} in {holdings.data.baseCurrency},{" "}
            {holdings.data.costBasisMethod === null
              ? "each portfolio under its own cost basis method"
              : holdings.data.costBasisMethod === "fifo"
                ? "first in, first out"
                : "average cost"}
            .
          </Text>
          {!hasHoldings ? (
            <Paper withBorder p="lg">
              <Text>
                This portfolio has no transactions yet.{" "}
                <Anchor component={Link} to="/transactions">
                  Record one
                </Anchor>{" "}
                to see holdings and profit and loss.
              </Text>
            </Paper>
          ) : (
            <>
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  Holdings
                </Title>
                <HoldingsTable holdings={holdings.data} />
              </Paper>
              <Paper withBorder p="md">
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h4">
                    Allocation
                  </Title>
                  <ChoiceButtons
                    label="Allocation by"
                    value={allocationBy}
                    onChange={setAllocationBy}
                    options={[
                      { value: "symbol", label: "Security" },
                      { value: "assetClass", label: "Asset class" },
                      { value: "currency", label: "Currency" }
                    ]}
                  />
                </Group>
                <AllocationChart holdings={holdings.data} by={allocationBy} />
              </Paper>
            </>
          )}
        </>
      )}

      {hasHoldings && (
        <Paper withBorder p="md">
          <Group justify="space-between" mb="sm" gap="xs">
            <Title order={2} size="h4">
              Performance
            </Title>
            <Group gap="xs">
              <ChoiceButtons
                label="Chart"
                value={view}
                onChange={setView}
                options={[
                  { value: "value", label: "Value" },
                  { value: "return", label: "Return" }
                ]}
              />
              <ChoiceButtons
                label="Range"
                value={range}
                onChange={setRange}
                options={RANGES.map((r) => ({ value: r, label: r }))}
              />
            </Group>
          </Group>
          {performance.error && <Alert color="red">{performance.error.message}</Alert>}
          {performance.data && (
            <>
              <Group gap="lg" mb="sm">
                <ReturnFigure
                  label="Time-weighted"
                  performance={performance.data}
                  figure="timeWeightedReturnPercent"
                  annualised="annualisedTimeWeightedReturnPercent"
                />
                <ReturnFigure
                  label="Money-weighted"
                  performance={performance.data}
                  figure="moneyWeightedReturnPercent"
                  annualised="annualisedMoneyWeightedReturnPercent"
                />
                <ReturnFigure
                  label="Max drawdown"
                  performance={performance.data}
                  figure="maxDrawdownPercent"
                />
                {performance.data.benchmark && (
                  <Text size="sm">
                    {performance.data.benchmark.symbol}{" "}
                    <Text span fw={600} c={signColor(performance.data.benchmark.returnPercent)}>
                      {formatPercent(performance.data.benchmark.returnPercent)}
                    </Text>
                    <Text span c="dimmed">
                      {" "}
                      ({formatPercent(performance.data.benchmark.excessReturnPercent)} points
                      against it)
                    </Text>
                  </Text>
                )}
              </Group>
              <Suspense fallback={<PageLoader />}>
                <PerformanceChart performance={performance.data} view={view} dark={dark} />
              </Suspense>
            </>
          )}
          {performance.loading && performance.data === undefined && <PageLoader />}
        </Paper>
      )}
    </Stack>
  )
}

export default DashboardPage
