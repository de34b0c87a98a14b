import {
  Anchor,
  Badge,
  Blockquote,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title
} from "@mantine/core"
import { Condition, type StrategyDraft } from "@trading-app/domain"
import { Either, Schema } from "effect"
import { Link } from "react-router"
import { conditionText } from "../strategies/ruleText.js"

const decodeCondition = Schema.decodeUnknownEither(Condition)

/** A rule of the draft in words, when it reads as one. */
const inWords = (rule: unknown) => {
  const decoded = decodeCondition(rule)
  return Either.isRight(decoded) ? conditionText(decoded.right) : null
}

/** One strategy draft next to the passage it was read in, with what can be done with it. */
export const DraftCard = ({
  draft,
  canWrite,
  onDismiss
}: {
  readonly draft: StrategyDraft
  readonly canWrite: boolean
  readonly onDismiss: () => void
}) => {
  const document = (draft.document ?? {}) as {
    readonly entry?: unknown
    readonly exit?: unknown
    readonly symbols?: ReadonlyArray<string>
    readonly timeframe?: string
  }
  const entry = inWords(document.entry)
  const exit = document.exit === undefined ? null : inWords(document.exit)
  return (
    <Paper withBorder p="md" style={draft.dismissed ? { opacity: 0.75 } : undefined}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Blockquote p="sm">
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {draft.passage.text}
          </Text>
          <Text size="xs" c="dimmed" mt="xs">
            {draft.passage.page === null ? "From the document" : `Page ${draft.passage.page}`}
          </Text>
        </Blockquote>
        <Stack gap="xs">
          <Group gap="xs">
            <Title order={3} size="h4">
              {draft.title}
            </Title>
            {draft.issues > 0 && (
              <Badge color="orange" variant="light">
                {draft.issues} to fix
              </Badge>
            )}
            {draft.dismissed && <Badge variant="light">set aside</Badge>}
          </Group>
          <Text size="sm">{draft.rationale}</Text>
          {entry !== null && (
            <Text size="sm">
              <b>Enters when</b> {entry}
            </Text>
          )}
          {exit !== null && (
            <Text size="sm">
              <b>Leaves when</b> {exit}
            </Text>
          )}
          {document.symbols !== undefined && (
            <Text size="sm" c="dimmed">
              {document.symbols.join(", ")} · {document.timeframe}
            </Text>
          )}
          {draft.strategyId !== null ? (
            <Text size="sm">
              Saved as{" "}
              <Anchor component={Link} to={`/strategies/${draft.strategyId}`}>
                a strategy
              </Anchor>
              .
            </Text>
          ) : (
            canWrite && (
              <Group gap="xs">
                <Button
                  component={Link}
                  to={`/strategies/new?draft=${draft.id}&document=${draft.documentId}`}
                  size="xs"
                >
                  Review in the editor
                </Button>
                {!draft.dismissed && (
                  <Button size="xs" variant="default" onClick={onDismiss}>
                    Set aside
                  </Button>
                )}
              </Group>
            )
          )}
        </Stack>
      </SimpleGrid>
    </Paper>
  )
}
