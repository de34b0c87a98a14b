import { UnstyledButton } from "@mantine/core"

/**
 * A column header that orders its table: pressed again it turns the order round. It says its
 * state to assistive technology (`aria-sort`) and with an arrow.
 */
export const SortHeader = ({
  label,
  active,
  descending,
  numeric = false,
  onSort
}: {
  readonly label: string
  readonly active: boolean
  readonly descending: boolean
  /** Right-aligned, as figures are. */
  readonly numeric?: boolean
  readonly onSort: () => void
}) => (
  <th
    {...(numeric ? { "data-num": true } : {})}
    aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
  >
    <UnstyledButton fw={600} fz="sm" onClick={onSort}>
      {label}
      {active ? (descending ? " ↓" : " ↑") : ""}
    </UnstyledButton>
  </th>
)
