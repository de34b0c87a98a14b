import { Button, Center, Loader, Text } from "@mantine/core"

/** Below a paged list: a loader while loading, the empty text, or the way to the next page. */
export const ListFooter = ({
  loading,
  loadingLabel,
  empty,
  emptyText,
  more,
  onMore
}: {
  readonly loading: boolean
  readonly loadingLabel: string
  /** No rows and no error. */
  readonly empty: boolean
  readonly emptyText: string
  readonly more: boolean
  readonly onMore: () => void
}) =>
  loading ? (
    <Center>
      <Loader size="sm" aria-label={loadingLabel} />
    </Center>
  ) : empty ? (
    <Text c="dimmed" ta="center">
      {emptyText}
    </Text>
  ) : more ? (
    <Center>
      <Button variant="default" onClick={onMore}>
        Load more
      </Button>
    </Center>
  ) : null
