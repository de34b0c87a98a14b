import { Button, Group, Select, TextInput } from "@mantine/core"
import { type Portfolio, TransactionSort } from "@trading-app/domain"
import { Schema } from "effect"
import { DateRangeInputs } from "../components/DateRangeInputs.js"
import { activityOptions } from "./activities.js"

export interface Filters {
  readonly portfolioId: string
  /** Part of a symbol or of an instrument's name. */
  readonly q: string
  readonly type: string
  /** yyyy-mm-dd, inclusive; "" for none. */
  readonly from: string
  readonly to: string
}

export const noFilters: Filters = { portfolioId: "", q: "", type: "", from: "", to: "" }

const KEYS = Object.keys(noFilters) as ReadonlyArray<keyof Filters>

/** The filters a page's URL holds (so a reload, a shared link or Back keeps them). */
export const filtersOf = (params: URLSearchParams): Filters =>
  Object.fromEntries(KEYS.map((k) => [k, params.get(k) ?? ""])) as unknown as Filters

/** The column a list is ordered by and the direction (newest first unless said). */
export interface Ordering {
  readonly sort: TransactionSort
  readonly order: "desc" | "asc"
}

const isSort = Schema.is(TransactionSort)

export const orderingOf = (params: URLSearchParams): Ordering => {
  const sort = params.get("sort")
  return {
    sort: isSort(sort) ? sort : "date",
    order: params.get("order") === "asc" ? "asc" : "desc"
  }
}

/** The URL's query for filters and the list's order. */
export const paramsOf = (filters: Filters, { sort, order }: Ordering): URLSearchParams => {
  const params = new URLSearchParams()
  for (const k of KEYS) if (filters[k] !== "") params.set(k, filters[k])
  if (sort !== "date") params.set("sort", sort)
  if (order === "asc") params.set("order", "asc")
  return params
}

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
        label="Symbol or name"
        placeholder="Any"
        value={filters.q}
        onChange={(e) => set({ q: e.currentTarget.value })}
        w={160}
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
