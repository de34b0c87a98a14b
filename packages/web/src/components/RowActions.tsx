import { Button, Group } from "@mantine/core"
import { useCanWrite } from "../stores/session.js"

/**
 * A table row's Edit and Delete buttons; `what` names the row for screen readers. None for a
 * viewer, whose role only reads.
 */
export const RowActions = ({
  what,
  onEdit,
  onDelete,
  wrap = false
}: {
  readonly what: string
  readonly onEdit: () => void
  readonly onDelete: () => void
  /** Whether the buttons may stack, where the table must fit a phone's width. */
  readonly wrap?: boolean
}) =>
  useCanWrite() && (
    <Group gap={4} wrap={wrap ? "wrap" : "nowrap"} justify="flex-end">
      <Button size="compact-sm" variant="subtle" onClick={onEdit} aria-label={`Edit ${what}`}>
        Edit
      </Button>
      <Button
        size="compact-sm"
        variant="subtle"
        color="red"
        onClick={onDelete}
        aria-label={`Delete ${what}`}
      >
        Delete
      </Button>
    </Group>
  )
