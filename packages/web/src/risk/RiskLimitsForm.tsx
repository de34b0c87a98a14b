import { Button, Checkbox, Group, NumberInput, SimpleGrid, Stack, TextInput } from "@mantine/core"
import { RiskLimits, type RiskOverview } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { FormError } from "../components/FormError.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"

interface Draft {
  maxOpenGroups: number | string
  maxSymbolExposure: string
  maxTotalExposure: string
  maxDailyLoss: string
  queueMinutes: number | string
  mitigation: boolean
  mitigationLossPercent: string
}

const draftOf = (l: RiskLimits): Draft => ({
  maxOpenGroups: l.maxOpenGroups ?? "",
  maxSymbolExposure: l.maxSymbolExposure ?? "",
  maxTotalExposure: l.maxTotalExposure ?? "",
  maxDailyLoss: l.maxDailyLoss ?? "",
  queueMinutes: l.queueMinutes,
  mitigation: l.mitigation,
  mitigationLossPercent: l.mitigationLossPercent
})

/** An empty field is no limit. */
const orNull = (v: string | number) => (String(v).trim() === "" ? null : v)

/** The user's risk limits: empty fields are no limit. */
export const RiskLimitsForm = ({
  limits,
  canWrite,
  onSaved
}: {
  readonly limits: RiskLimits
  readonly canWrite: boolean
  readonly onSaved: (overview: RiskOverview) => void
}) => {
  const [draft, setDraft] = useState(() => draftOf(limits))
  const { errors, formError, saving, send } = useSchemaForm()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  const limit = (
    key: "maxSymbolExposure" | "maxTotalExposure" | "maxDailyLoss",
    label: string,
    description: string
  ) => (
    <TextInput
      label={label}
      description={description}
      placeholder="No limit"
      inputMode="decimal"
      value={draft[key]}
      onChange={(e) => set(key, e.currentTarget.value)}
      error={errors[key]}
      disabled={!canWrite}
    />
  )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void send(
      RiskLimits,
      {
        maxOpenGroups: orNull(draft.maxOpenGroups) === null ? null : Number(draft.maxOpenGroups),
        maxSymbolExposure: orNull(draft.maxSymbolExposure.trim()),
        maxTotalExposure: orNull(draft.maxTotalExposure.trim()),
        maxDailyLoss: orNull(draft.maxDailyLoss.trim()),
        queueMinutes: Number(draft.queueMinutes),
        mitigation: draft.mitigation,
        mitigationLossPercent: draft.mitigationLossPercent.trim()
      },
      (payload) => call(executionApi.risk.setLimits({ payload })),
      (overview) => {
        notify({
          color: "teal",
          title: "Risk limits saved",
          message: "They apply to the next signal"
        })
        onSaved(overview)
      }
    )
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Risk limits">
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label="Open groups at most"
            description="A new group past it waits in the queue"
            placeholder="No limit"
            value={draft.maxOpenGroups}
            onChange={(v) => set("maxOpenGroups", v)}
            min={1}
            max={100}
            allowDecimal={false}
            error={errors.maxOpenGroups}
            disabled={!canWrite}
          />
          {limit(
            "maxSymbolExposure",
            "Exposure per symbol",
            "Held and working buy orders, in the quote currency"
          )}
          {limit("maxTotalExposure", "Total exposure", "Over every open group")}
          {limit(
            "maxDailyLoss",
            "Daily loss",
            "Realised since 00:00 UTC; past it, entries are refused"
          )}
          <NumberInput
            label="Queued entries expire after (minutes)"
            value={draft.queueMinutes}
            onChange={(v) => set("queueMinutes", v)}
            min={1}
            max={1440}
            allowDecimal={false}
            error={errors.queueMinutes}
            disabled={!canWrite}
          />
        </SimpleGrid>
        <Checkbox
          label="Mitigate deep losses: close a losing group together with winning groups whose profit covers its loss"
          checked={draft.mitigation}
          onChange={(e) => set("mitigation", e.currentTarget.checked)}
          disabled={!canWrite}
        />
        {draft.mitigation && (
          <TextInput
            label="Mitigate from a loss of (% of the group's cost)"
            value={draft.mitigationLossPercent}
            onChange={(e) => set("mitigationLossPercent", e.currentTarget.value)}
            error={errors.mitigationLossPercent}
            w={320}
            maw="100%"
          />
        )}
        {canWrite && (
          <Group justify="flex-end">
            <Button type="submit" loading={saving}>
              Save limits
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  )
}
