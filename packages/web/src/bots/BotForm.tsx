import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput
} from "@mantine/core"
import {
  type Bot,
  type Connection,
  CreateBot,
  type TakeProfitMode,
  UpdateBot,
  type Watch
} from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import {
  DEFAULT_GRID,
  type GridDraft,
  GridFields,
  gridDraftOf,
  gridSettingsOf
} from "../grids/GridFields.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { usePortfolios } from "../stores/portfolios.js"

interface Step {
  readonly percent: string
  readonly sharePercent: string
}

interface Draft {
  name: string
  connectionId: string | null
  portfolioId: string | null
  symbol: string
  exchangeSymbol: string
  grid: GridDraft
  takeProfit: TakeProfitMode
  steps: ReadonlyArray<Step>
  stopLossPercent: string
  maxEntries: number | string
  priority: number | string
  enabled: boolean
  watchId: string | null
}

const TAKE_PROFITS = [
  { value: "aggregate", label: "On the average" },
  { value: "leg", label: "Per order" },
  { value: "hybrid", label: "Steps, then the rest" }
]

const draftOf = (bot: Bot | undefined): Draft => ({
  name: bot?.name ?? "",
  connectionId: bot?.connectionId ?? null,
  portfolioId: bot?.portfolioId ?? null,
  symbol: bot?.symbol ?? "",
  exchangeSymbol: bot?.exchangeSymbol ?? "",
  grid: bot ? gridDraftOf(bot.settings.grid) : DEFAULT_GRID,
  takeProfit: bot?.settings.takeProfit ?? "aggregate",
  steps: bot?.settings.takeProfitSteps ?? [{ percent: "1", sharePercent: "50" }],
  stopLossPercent: bot?.settings.stopLossPercent ?? "",
  maxEntries: bot?.settings.maxEntries ?? 1,
  priority: bot?.priority ?? 5,
  enabled: bot?.enabled ?? true,
  watchId: bot?.watchId ?? null
})

/**
 * Adds a bot (an instrument traded on a connection, its fills recorded in a portfolio) or
 * changes one's name, settings and whether it takes signals.
 */
export const BotForm = ({
  bot,
  connections,
  watches,
  onSaved,
  onCancel
}: {
  readonly bot?: Bot
  readonly connections: ReadonlyArray<Connection>
  /** The running watches, whose signals a bot may trade. */
  readonly watches: ReadonlyArray<Watch>
  readonly onSaved: (saved: Bot) => void
  readonly onCancel: () => void
}) => {
  const portfolios = usePortfolios((s) => s.items) ?? []
  const [draft, setDraft] = useState<Draft>(() => draftOf(bot))
  const { errors, formError, saving, send } = useSchemaForm()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  const connection = connections.find((c) => c.id === draft.connectionId)
  const setStep = (i: number, step: Step) =>
    set(
      "steps",
      draft.steps.map((s, j) => (i === j ? step : s))
    )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const settings = {
      grid: gridSettingsOf(draft.grid, "long"),
      takeProfit: draft.takeProfit,
      takeProfitSteps: draft.takeProfit === "hybrid" ? draft.steps : [],
      stopLossPercent: draft.stopLossPercent.trim() === "" ? null : draft.stopLossPercent.trim(),
      maxEntries: Number(draft.maxEntries)
    }
    return bot
      ? send(
          UpdateBot,
          {
            name: draft.name,
            settings,
            enabled: draft.enabled,
            priority: Number(draft.priority),
            watchId: draft.watchId
          },
          (payload) => call(executionApi.bots.update({ path: { botId: bot.id }, payload })),
          onSaved
        )
      : send(
          CreateBot,
          {
            name: draft.name,
            connectionId: draft.connectionId,
            portfolioId: draft.portfolioId,
            symbol: draft.symbol,
            exchangeSymbol: draft.exchangeSymbol.trim() === "" ? null : draft.exchangeSymbol.trim(),
            settings,
            enabled: draft.enabled,
            priority: Number(draft.priority),
            watchId: draft.watchId
          },
          (payload) => call(executionApi.bots.create({ payload })),
          onSaved
        )
  }

  return (
    <form onSubmit={submit} noValidate aria-label={bot ? "Edit bot" : "New bot"}>
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Name"
          required
          maxLength={60}
          value={draft.name}
          onChange={(e) => set("name", e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <Group grow align="flex-start">
          <Select
            label="Connection"
            required
            disabled={bot !== undefined}
            data={connections.map((c) => ({ value: c.id, label: `${c.name} (${c.mode})` }))}
            value={draft.connectionId}
            onChange={(v) => set("connectionId", v)}
            error={errors.connectionId}
          />
          <Select
            label="Portfolio"
            description="Where its fills are recorded"
            required
            disabled={bot !== undefined}
            data={portfolios.map((p) => ({ value: p.id, label: p.name }))}
            value={draft.portfolioId}
            onChange={(v) => set("portfolioId", v)}
            error={errors.portfolioId}
          />
        </Group>
        {bot === undefined && (
          <Group grow align="flex-start">
            <InstrumentPicker
              label="Instrument"
              required
              value={draft.symbol}
              onChange={(symbol) => set("symbol", symbol)}
              error={errors.symbol}
            />
            {connection !== undefined && connection.mode !== "paper" && (
              <TextInput
                label="Exchange market"
                description="As the exchange names it, e.g. BTC/USDT"
                value={draft.exchangeSymbol}
                onChange={(e) => set("exchangeSymbol", e.currentTarget.value)}
                error={errors.exchangeSymbol}
              />
            )}
          </Group>
        )}
        <Text size="sm" fw={500}>
          Grid (long: spot markets cannot be shorted)
        </Text>
        <GridFields
          draft={draft.grid}
          onChange={(grid) => set("grid", grid)}
          errors={errors}
          at="settings.grid"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="bot-take-profit">
            Take-profit
          </Text>
          <SegmentedControl
            aria-labelledby="bot-take-profit"
            data={TAKE_PROFITS}
            value={draft.takeProfit}
            onChange={(v) => set("takeProfit", v as TakeProfitMode)}
          />
        </Stack>
        {draft.takeProfit === "hybrid" && (
          <Stack gap="xs">
            {draft.steps.map((step, i) => (
              // Steps have no identity but their place.
              // biome-ignore lint/suspicious/noArrayIndexKey: the steps are edited in place
              <Group key={i} align="flex-end">
                <TextInput
                  label={`Step ${i + 1}: % above the average`}
                  value={step.percent}
                  onChange={(e) => setStep(i, { ...step, percent: e.currentTarget.value })}
                  error={errors[`settings.takeProfitSteps.${i}.percent`]}
                  w={200}
                />
                <TextInput
                  label={`Step ${i + 1}: % of the position`}
                  value={step.sharePercent}
                  onChange={(e) => setStep(i, { ...step, sharePercent: e.currentTarget.value })}
                  error={errors[`settings.takeProfitSteps.${i}.sharePercent`]}
                  w={200}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove step ${i + 1}`}
                  onClick={() =>
                    set(
                      "steps",
                      draft.steps.filter((_, j) => j !== i)
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <FormError message={errors["settings.takeProfitSteps"] ?? null} />
            <Group>
              <Button
                variant="default"
                size="compact-sm"
                onClick={() => set("steps", [...draft.steps, { percent: "2", sharePercent: "25" }])}
                disabled={draft.steps.length >= 5}
              >
                Add a step
              </Button>
            </Group>
          </Stack>
        )}
        <Group grow align="flex-start">
          <TextInput
            label="Stop-loss %"
            description="Below the average entry; empty for none"
            value={draft.stopLossPercent}
            onChange={(e) => set("stopLossPercent", e.currentTarget.value)}
            error={errors["settings.stopLossPercent"]}
          />
          <NumberInput
            label="Entries"
            description="1 to 10: more than 1 pyramids"
            value={draft.maxEntries}
            onChange={(v) => set("maxEntries", v)}
            min={1}
            max={10}
            allowDecimal={false}
            error={errors["settings.maxEntries"]}
          />
          <NumberInput
            label="Queue priority"
            description="1 to 10: its entries' rank when limits make them wait"
            value={draft.priority}
            onChange={(v) => set("priority", v)}
            min={1}
            max={10}
            allowDecimal={false}
            error={errors.priority}
          />
        </Group>
        <Select
          label="Also trade a watched strategy's signals"
          description="Its entry and exit signals on this instrument act like alerts"
          clearable
          placeholder="TradingView alerts only"
          data={watches
            .filter(
              (w) =>
                w.stoppedAt === null &&
                (draft.symbol === "" || w.symbols.includes(draft.symbol as never))
            )
            .map((w) => ({
              value: w.id,
              label: `${w.strategyName} (v${w.version}, ${w.symbols.join(", ")})`
            }))}
          value={draft.watchId}
          onChange={(v) => set("watchId", v)}
          error={errors.watchId}
        />
        <Checkbox
          label="Takes signals (unticked: paused)"
          checked={draft.enabled}
          onChange={(e) => set("enabled", e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {bot ? "Save" : "Add bot"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
