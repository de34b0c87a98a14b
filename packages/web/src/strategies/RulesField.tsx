import { Text, Textarea } from "@mantine/core"
import { type Condition, Condition as ConditionSchema } from "@trading-app/domain"
import { Either, Schema } from "effect"
import { conditionText } from "./ruleText.js"

const decode = Schema.decodeUnknownEither(ConditionSchema)

/** The JSON of a rules field, or why it is not JSON. */
export const parseRules = (text: string): { readonly value?: unknown; readonly error?: string } => {
  if (text.trim() === "") return {}
  try {
    return { value: JSON.parse(text) }
  } catch {
    return { error: "This is not valid JSON: check the brackets, quotes and commas" }
  }
}

export const rulesText = (condition: unknown) =>
  condition === undefined ? "" : JSON.stringify(condition, null, 2)

/**
 * Rules written as JSON, with what they say in words underneath once they are valid. Problems
 * inside them come from the document's own check (`error`).
 */
export const RulesField = ({
  label,
  description,
  text,
  error,
  onChange
}: {
  readonly label: string
  readonly description: string
  readonly text: string
  readonly error: string | undefined
  readonly onChange: (text: string) => void
}) => {
  const parsed = parseRules(text)
  const decoded = parsed.value === undefined ? undefined : decode(parsed.value)
  const words =
    decoded !== undefined && Either.isRight(decoded)
      ? conditionText(decoded.right as Condition)
      : null
  return (
    <div>
      <Textarea
        label={label}
        description={description}
        value={text}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={parsed.error ?? error}
        autosize
        minRows={4}
        maxRows={16}
        spellCheck={false}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
      />
      {words !== null && (
        <Text size="sm" mt={4}>
          In words: {words}
        </Text>
      )}
    </div>
  )
}
