import { Button, Group, Select, TextInput } from "@mantine/core"
import type { Portfolio } from "@trading-app/domain"
import { DateRangeInputs } from "../components/DateRangeInputs.js"
import { activityOptions } from "./activities.js"

export interface Filters {
  readonly portfolioId: string
  readonly symbol: string
  readonly type: string
  /** yyyy-mm-dd, inclusive; "" for none. */
  readonly from: string
  readonly to: string
}

export const noFilters: Filters = { portfolioId: "", symbol: "", type: "", from: "", to: "" }

export const TransactionFilters = ({
  filters,
  portfolios,
  onChange
}: {
  readonly filters: Filters
  readonly portfolios: ReadonlyArray<Portfolio>
  readonly onChange: (filters: Filters) => void
}) => {
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch })
  const active = Object.values(filters).some((v) => v !== "")
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Filter transactions">
      <Select
        label="Portfolio"
        placeholder="All"
        clearable
        data={portfolios.map((p) => ({ value: p.id, label: p.name }))}
        value={filters.portfolioId || null}
        onChange={(v) => set({ portfolioId: v ?? "" })}
        w={180}
      />
      <TextInput
        label="Symbol"
        placeholder="Any"
        value={filters.symbol}
        onChange={(e) => set({ symbol: e.currentTarget.value.toUpperCase() })}
        w={120}
      />
      <Select
        label="Type"
        placeholder="All"
        clearable
        data={activityOptions}
        value={filters.type || null}
        onChange={(v) => set({ type: v ?? "" })}
        w={150}
      />
      <DateRangeInputs from={filters.from} to={filters.to} onChange={set} />
      {active && (
        <Button variant="subtle" onClick={() => onChange(noFilters)}>
          Clear filters
        </Button>
      )}
    </Group>
  )
}
