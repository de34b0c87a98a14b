import { Button, Group, Modal, Stack, Text } from "@mantine/core"

/** Asks before deleting `item`; `question` says what goes with it. */
export const ConfirmDelete = <T,>({
  item,
  title,
  question,
  busy,
  onCancel,
  onConfirm
}: {
  readonly item: T | null
  readonly title: string
  readonly question: (item: T) => string
  readonly busy: boolean
  readonly onCancel: () => void
  readonly onConfirm: (item: T) => void
}) => (
  <Modal opened={item !== null} onClose={onCancel} title={title}>
    {item !== null && (
      <Stack>
        <Text>{question(item)}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => onConfirm(item)}>
            Delete
          </Button>
        </Group>
      </Stack>
    )}
  </Modal>
)
