import { Group, NumberInput, TextInput } from "@mantine/core"
import type { FieldErrors } from "../api/problem.js"

const FIELDS = [
  ["baseOrder", "Base order", "The first order's amount"],
  ["safetyOrder", "First safety order", "SO₁, the amount of the first safety order"],
  ["deviationPercent", "Deviation %", "The first safety order's distance from the entry"],
  ["stepScale", "Step scale", "Each step over the one before; 1 spaces them evenly"],
  ["volumeScale", "Volume scale", "Each safety order's amount over the one before"],
  ["takeProfitPercent", "Take-profit %", "Above the average entry (below, for a short)"]
] as const

type Field = (typeof FIELDS)[number][0]

/** A grid's settings as typed, before they are checked. */
export interface GridDraft {
  readonly values: Readonly<Record<Field, string>>
  readonly maxSafetyOrders: number | string
}

export const DEFAULT_GRID: GridDraft = {
  values: {
    baseOrder: "100",
    safetyOrder: "50",
    deviationPercent: "1.5",
    stepScale: "1.2",
    volumeScale: "1.5",
    takeProfitPercent: "2"
  },
  maxSafetyOrders: 5
}

/** The settings to check with the domain's GridSettings. */
export const gridSettingsOf = (draft: GridDraft, direction: "long" | "short") => ({
  direction,
  maxSafetyOrders: Number(draft.maxSafetyOrders),
  ...Object.fromEntries(FIELDS.map(([key]) => [key, draft.values[key].trim()]))
})

/** A draft from settings the server gave. */
export const gridDraftOf = (settings: Record<Field, string> & { maxSafetyOrders: number }) => ({
  values: Object.fromEntries(FIELDS.map(([key]) => [key, settings[key]])) as Record<Field, string>,
  maxSafetyOrders: settings.maxSafetyOrders
})

/** The fields of a grid's settings; `at` is where the settings are in the checked input. */
export const GridFields = ({
  draft,
  onChange,
  errors,
  at
}: {
  readonly draft: GridDraft
  readonly onChange: (draft: GridDraft) => void
  readonly errors: FieldErrors
  readonly at: string
}) => (
  <Group align="flex-start" wrap="wrap">
    {FIELDS.map(([key, label, description]) => (
      <TextInput
        key={key}
        label={label}
        description={description}
        value={draft.values[key]}
        onChange={(e) =>
          onChange({ ...draft, values: { ...draft.values, [key]: e.currentTarget.value } })
        }
        error={errors[`${at}.${key}`]}
        w={190}
      />
    ))}
    <NumberInput
      label="Safety orders"
      description="At most 50"
      value={draft.maxSafetyOrders}
      onChange={(maxSafetyOrders) => onChange({ ...draft, maxSafetyOrders })}
      min={0}
      max={50}
      allowDecimal={false}
      error={errors[`${at}.maxSafetyOrders`]}
      w={190}
    />
  </Group>
)
