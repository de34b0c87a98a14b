import { Paper, SimpleGrid, Text } from "@mantine/core"
import type { Holdings } from "@trading-app/domain"
import { formatMoney, formatPercent, isZero, signColor } from "../lib/format.js"

// For display only: the amounts themselves are shown exactly as the server rounded them.
const percentOf = (part: string, whole: number): string | null =>
  whole === 0 ? null : ((Number(part) / whole) * 100).toFixed(2)

const Stat = ({
  label,
  value,
  detail,
  color
}: {
  readonly label: string
  readonly value: string
  readonly detail?: string | undefined
  readonly color?: string | undefined
}) => (
  <Paper withBorder p="md">
    <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
      {label}
    </Text>
    <Text size="xl" fw={700} c={color} aria-label={label}>
      {value}
    </Text>
    {detail && (
      <Text size="sm" c={color}>
        {detail}
      </Text>
    )}
  </Paper>
)

export const Totals = ({ holdings }: { readonly holdings: Holdings }) => {
  const { totals, baseCurrency } = holdings
  const previousValue = Number(totals.totalValue) - Number(totals.dayChange)
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, lg: 5 }}>
      <Stat
        label="Total value"
        value={formatMoney(totals.totalValue, baseCurrency)}
        detail={
          isZero(totals.cash) ? undefined : `${formatMoney(totals.cash, baseCurrency)} in cash`
        }
      />
      <Stat
        label="Day change"
        value={formatMoney(totals.dayChange, baseCurrency)}
        detail={formatPercent(percentOf(totals.dayChange, previousValue))}
        color={signColor(totals.dayChange)}
      />
      <Stat
        label="Unrealized P&L"
        value={formatMoney(totals.unrealizedPnl, baseCurrency)}
        detail={formatPercent(percentOf(totals.unrealizedPnl, Number(totals.costBasis)))}
        color={signColor(totals.unrealizedPnl)}
      />
      <Stat
        label="Realized P&L"
        value={formatMoney(totals.realizedPnlNet, baseCurrency)}
        detail="after the fees of the units sold"
        color={signColor(totals.realizedPnlNet)}
      />
      <Stat
        label="Income"
        value={formatMoney(totals.income, baseCurrency)}
        detail={
          isZero(totals.costs)
            ? "dividends and interest, net of tax withheld"
            : `less ${formatMoney(totals.costs, baseCurrency)} fees and taxes`
        }
      />
    </SimpleGrid>
  )
}
