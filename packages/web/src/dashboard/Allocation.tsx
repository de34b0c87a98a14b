import { ColorSwatch, Group, Stack, Text } from "@mantine/core"
import type { Holdings } from "@trading-app/domain"
import { formatMoney } from "../lib/format.js"

const PALETTE = ["blue", "teal", "grape", "orange", "cyan", "pink", "lime", "indigo"] as const

export type AllocationBy = "symbol" | "assetClass" | "currency"

const CLASS_LABELS: Record<string, string> = {
  crypto: "Crypto",
  equity: "Equities",
  etf: "ETFs",
  fx: "Currencies",
  cash: "Cash"
}

interface Slice {
  readonly name: string
  readonly value: number
  readonly color: string
}

/** Market values grouped by security, asset class or currency (cash counted in each view). */
export const slicesOf = (holdings: Holdings, by: AllocationBy): ReadonlyArray<Slice> => {
  const groups = new Map<string, number>()
  const add = (name: string, value: string | null) => {
    if (value !== null && Number(value) > 0)
      groups.set(name, (groups.get(name) ?? 0) + Number(value))
  }
  for (const h of holdings.items)
    add(
      by === "symbol"
        ? h.symbol
        : by === "currency"
          ? (h.priceCurrency ?? "—")
          : (CLASS_LABELS[h.assetClass ?? ""] ?? "Other"),
      h.marketValue
    )
  for (const c of holdings.cash)
    add(
      by === "currency" ? c.currency : by === "symbol" ? `Cash ${c.currency}` : "Cash",
      c.marketValue
    )
  return [...groups]
    .sort(([, a], [, b]) => b - a)
    .map(([name, value], i) => ({
      name,
      value,
      color: `var(--mantine-color-${PALETTE[i % PALETTE.length]}-6)`
    }))
}

const RADIUS = 70
const CIRCUMFERENCE = 2 * Math.PI * RADIUS

/** A ring of the slices' shares, drawn as dashes of one circle each; the list beside it says it. */
const Donut = ({ slices, total }: { slices: ReadonlyArray<Slice>; total: number }) => {
  let start = 0
  return (
    <svg width={180} height={180} viewBox="0 0 180 180" aria-hidden="true">
      <g transform="rotate(-90 90 90)">
        {slices.map((s) => {
          const length = (s.value / total) * CIRCUMFERENCE
          const offset = -start
          start += length
          return (
            <circle
              key={s.name}
              cx={90}
              cy={90}
              r={RADIUS}
              fill="none"
              stroke={s.color}
              strokeWidth={28}
              strokeDasharray={`${length} ${CIRCUMFERENCE - length}`}
              strokeDashoffset={offset}
            />
          )
        })}
      </g>
    </svg>
  )
}

export const AllocationChart = ({
  holdings,
  by
}: {
  readonly holdings: Holdings
  readonly by: AllocationBy
}) => {
  const slices = slicesOf(holdings, by)
  if (slices.length === 0) return <Text c="dimmed">Nothing held yet.</Text>
  const total = slices.reduce((sum, s) => sum + s.value, 0)
  return (
    <Group justify="center" gap="xl" align="center">
      <Donut slices={slices} total={total} />
      <Stack gap={4} aria-label="Allocation by market value" role="list">
        {slices.map((s) => (
          <Group key={s.name} gap="xs" wrap="nowrap" role="listitem">
            <ColorSwatch color={s.color} size={12} />
            <Text size="sm" fw={600} miw={90}>
              {s.name}
            </Text>
            <Text size="sm" c="dimmed">
              {((s.value / total) * 100).toFixed(1)}% ·{" "}
              {formatMoney(String(s.value), holdings.baseCurrency)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  )
}
