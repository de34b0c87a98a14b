import {
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput
} from "@mantine/core"
import {
  CANDLE_INTERVALS,
  CreateStrategy,
  type Strategy,
  type StrategyDocumentEncoded,
  type StrategyDraftId,
  strategyIssues,
  UpdateStrategy
} from "@trading-app/domain"
import { useMemo, useState } from "react"
import { call } from "../api/client.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { toneStyle } from "../lib/format.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { parseRules, RulesField, rulesText } from "./RulesField.js"

export interface StrategyDraft {
  readonly name: string
  readonly description: string
  readonly document: StrategyDocumentEncoded
}

const numberOrUndefined = (v: string | number) => (v === "" ? undefined : Number(v))

/** Issues under a path prefix, as "where: what" lines. */
const issuesUnder = (issues: ReturnType<typeof strategyIssues>, prefix: string) => {
  const lines = issues
    .filter((i) => i.path[0] === prefix)
    .map((i) => (i.path.length > 1 ? `${i.path.slice(1).join(".")}: ${i.message}` : i.message))
  return lines.length === 0 ? undefined : lines.join("; ")
}

/**
 * Writes a strategy: its name, instruments and timeframe, entry and exit rules (JSON, checked
 * as you type with the server's own check), sizing, protective exits and costs. Saving an
 * existing one with a changed document makes a new version.
 */
export const StrategyForm = ({
  initial,
  strategy,
  draftId,
  onSaved
}: {
  readonly initial: StrategyDraft
  readonly strategy?: Strategy
  /** The research document's draft this new strategy is made from. */
  readonly draftId?: StrategyDraftId
  readonly onSaved: (saved: Strategy) => void
}) => {
  const [name, setName] = useState(initial.name)
  const [description, setDescription] = useState(initial.description)
  const [doc, setDoc] = useState(initial.document)
  const [symbols, setSymbols] = useState(initial.document.symbols.join(", "))
  const [entry, setEntry] = useState(rulesText(initial.document.entry))
  const [exit, setExit] = useState(rulesText(initial.document.exit))
  const { errors, formError, saving, send } = useSchemaForm()

  const document = useMemo(() => {
    const { exit: _, ...rest } = doc
    const exitRules = parseRules(exit).value
    return {
      ...rest,
      symbols: symbols
        .split(/[\s,]+/)
        .filter((s) => s !== "")
        .map((s) => s.toUpperCase()),
      entry: parseRules(entry).value,
      ...(exitRules === undefined ? {} : { exit: exitRules })
    }
  }, [doc, symbols, entry, exit])
  const issues = useMemo(() => strategyIssues(document), [document])
  const error = (key: string) => errors[`document.${key}`] ?? issuesUnder(issues, key)
  const set = (patch: Partial<Record<keyof StrategyDocumentEncoded, unknown>>) =>
    setDoc((d) => {
      const next: Record<string, unknown> = { ...d, ...patch }
      for (const key of Object.keys(patch)) if (next[key] === undefined) delete next[key]
      return next as unknown as StrategyDocumentEncoded
    })

  const save = () =>
    strategy === undefined
      ? send(
          CreateStrategy,
          { name, description, document, ...(draftId === undefined ? {} : { draftId }) },
          (payload) => call(researchApi.strategies.create({ payload })),
          onSaved
        )
      : send(
          UpdateStrategy,
          { name, description, document },
          (payload) =>
            call(researchApi.strategies.update({ path: { strategyId: strategy.id }, payload })),
          onSaved
        )

  const sizing = doc.sizing
  return (
    <Stack
      component="form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <FormError message={formError} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        <TextInput
          label="Instruments"
          description="Symbols, separated by commas (up to 10)"
          required
          value={symbols}
          onChange={(e) => setSymbols(e.currentTarget.value)}
          error={error("symbols")}
        />
      </SimpleGrid>
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
        minRows={1}
        maxRows={4}
        error={errors.description}
      />
      <Select
        label="Timeframe"
        description="Rules are judged on each closed candle of this interval"
        data={Object.keys(CANDLE_INTERVALS)}
        value={doc.timeframe}
        onChange={(v) => v !== null && set({ timeframe: v })}
        allowDeselect={false}
        maw={340}
        error={error("timeframe")}
      />
      <RulesField
        label="Entry rules"
        description='When to buy, e.g. { "rule": "cross", "left": { "indicator": "sma", "period": 20 }, "crosses": "above", "right": { "indicator": "sma", "period": 50 } }'
        text={entry}
        onChange={setEntry}
        error={error("entry")}
      />
      <RulesField
        label="Exit rules (optional)"
        description="When to sell everything held; without them a position is left by its stop, target or the end of the test"
        text={exit}
        onChange={setExit}
        error={error("exit")}
      />
      <Group align="flex-end">
        <div>
          <Text size="sm" fw={500} mb={4} id="sizing-label">
            Each entry buys
          </Text>
          <SegmentedControl
            aria-labelledby="sizing-label"
            value={sizing.type}
            onChange={(type) =>
              set({
                sizing:
                  type === "fixed"
                    ? { type: "fixed", amount: 1000 }
                    : { type: "percentOfEquity", percent: 100 }
              })
            }
            data={[
              { value: "percentOfEquity", label: "% of equity" },
              { value: "fixed", label: "Fixed amount" }
            ]}
          />
        </div>
        <NumberInput
          label={sizing.type === "fixed" ? "Amount" : "Percent"}
          value={sizing.type === "fixed" ? sizing.amount : sizing.percent}
          onChange={(v) =>
            set({
              sizing:
                sizing.type === "fixed"
                  ? { type: "fixed", amount: Number(v) }
                  : { type: "percentOfEquity", percent: Number(v) }
            })
          }
          min={0}
          w={140}
          error={error("sizing")}
        />
        <NumberInput
          label="Entries per position"
          description="More than 1 adds to it"
          value={doc.maxEntries ?? 1}
          onChange={(v) => set({ maxEntries: numberOrUndefined(v) })}
          min={1}
          allowDecimal={false}
          w={170}
          error={error("maxEntries")}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {(
          [
            ["stopLossPercent", "Stop loss %"],
            ["takeProfitPercent", "Take profit %"],
            ["trailingStopPercent", "Trailing stop %"],
            ["feePercent", "Fee %"],
            ["slippagePercent", "Slippage %"]
          ] as const
        ).map(([key, label]) => (
          <NumberInput
            key={key}
            label={label}
            placeholder={key === "feePercent" ? "0.1" : key === "slippagePercent" ? "0.05" : "none"}
            value={doc[key] ?? ""}
            onChange={(v) => set({ [key]: numberOrUndefined(v) })}
            min={0}
            decimalScale={4}
            error={error(key)}
          />
        ))}
      </SimpleGrid>
      <Group justify="space-between">
        <Text size="sm" style={toneStyle(issues.length === 0 ? "teal" : "red")} role="status">
          {issues.length === 0
            ? "The document is valid."
            : `${issues.length} problem${issues.length === 1 ? "" : "s"} to fix before saving.`}
        </Text>
        <Button type="submit" loading={saving} disabled={issues.length > 0}>
          {strategy === undefined ? "Save strategy" : "Save changes"}
        </Button>
      </Group>
    </Stack>
  )
}
