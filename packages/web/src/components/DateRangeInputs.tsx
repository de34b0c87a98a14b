import { TextInput } from "@mantine/core"

/** From and To, whole local days (yyyy-mm-dd, "" for none), both included. */
export const DateRangeInputs = ({
  from,
  to,
  onChange
}: {
  readonly from: string
  readonly to: string
  readonly onChange: (range: { from: string; to: string }) => void
}) => (
  <>
    <TextInput
      label="From"
      type="date"
      value={from}
      onChange={(e) => onChange({ from: e.currentTarget.value, to })}
      w={160}
    />
    <TextInput
      label="To"
      type="date"
      value={to}
      onChange={(e) => onChange({ from, to: e.currentTarget.value })}
      w={160}
    />
  </>
)
