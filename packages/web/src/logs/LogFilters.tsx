import { Button, Group, Pill, Select } from "@mantine/core"
import { DateRangeInputs } from "../components/DateRangeInputs.js"
import { actionOptions, categoryOptions } from "./actions.js"

export interface LogFilterValues {
  /** yyyy-mm-dd, inclusive; "" for none. */
  readonly from: string
  readonly to: string
  readonly category: string
  /** The audit log's action, or the system log's least level. */
  readonly action: string
  readonly level: string
}

export const noLogFilters: LogFilterValues = {
  from: "",
  to: "",
  category: "",
  action: "",
  level: ""
}

const levelOptions = [
  { value: "warning", label: "Warnings and above" },
  { value: "error", label: "Errors and above" },
  { value: "fatal", label: "Fatal only" }
]

/** The filters of either log; `user` is the account the view is narrowed to, if any. */
export const LogFilters = ({
  log,
  filters,
  onChange,
  user,
  onClearUser
}: {
  readonly log: "audit" | "system"
  readonly filters: LogFilterValues
  readonly onChange: (filters: LogFilterValues) => void
  readonly user: string | null
  readonly onClearUser: () => void
}) => {
  const set = (patch: Partial<LogFilterValues>) => onChange({ ...filters, ...patch })
  const active = Object.values(filters).some((v) => v !== "")
  return (
    <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label={`Filter the ${log} log`}>
      <DateRangeInputs from={filters.from} to={filters.to} onChange={set} />
      <Select
        label="Category"
        placeholder="All"
        clearable
        data={categoryOptions}
        value={filters.category || null}
        onChange={(v) => set({ category: v ?? "" })}
        w={150}
      />
      {log === "audit" ? (
        <Select
          label="Action"
          placeholder="All"
          clearable
          searchable
          data={actionOptions}
          value={filters.action || null}
          onChange={(v) => set({ action: v ?? "" })}
          w={240}
        />
      ) : (
        <Select
          label="Level"
          placeholder="All"
          clearable
          data={levelOptions}
          value={filters.level || null}
          onChange={(v) => set({ level: v ?? "" })}
          w={200}
        />
      )}
      {user !== null && (
        <Pill
          size="lg"
          withRemoveButton
          onRemove={onClearUser}
          removeButtonProps={{ "aria-label": "Show every user" }}
        >
          User {user}
        </Pill>
      )}
      {active && (
        <Button variant="subtle" onClick={() => onChange(noLogFilters)}>
          Clear filters
        </Button>
      )}
    </Group>
  )
}
