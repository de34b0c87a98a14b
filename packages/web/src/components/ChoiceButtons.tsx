import { Button } from "@mantine/core"

/** A row of toggle buttons choosing one value (lighter than a segmented control). */
export const ChoiceButtons = <T extends string>({
  label,
  value,
  options,
  onChange
}: {
  readonly label: string
  readonly value: T
  readonly options: ReadonlyArray<{ readonly value: T; readonly label: string }>
  readonly onChange: (value: T) => void
}) => (
  <Button.Group aria-label={label}>
    {options.map((option) => (
      <Button
        key={option.value}
        size="compact-xs"
        variant={option.value === value ? "filled" : "default"}
        aria-pressed={option.value === value}
        onClick={() => onChange(option.value)}
      >
        {option.label}
      </Button>
    ))}
  </Button.Group>
)
