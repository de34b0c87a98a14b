import {
  Alert,
  Button,
  Checkbox,
  Group,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput
} from "@mantine/core"
import {
  type Connection,
  CreateConnection,
  type ExchangeMode,
  UpdateConnection
} from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { FormError } from "../components/FormError.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { MODE_DESCRIPTIONS, MODE_LABELS } from "./labels.js"

interface Draft {
  name: string
  mode: ExchangeMode
  apiKey: string
  apiSecret: string
  confirmLive: boolean
}

const MODES = (["paper", "testnet", "live"] as const).map((value) => ({
  value,
  label: MODE_LABELS[value]
}))

/** The typed text, or nothing when left empty (keys kept as they are). */
const given = (text: string) => (text.trim() === "" ? undefined : text.trim())

/**
 * Adds an exchange connection, or renames one, switches its mode or replaces its keys. Live
 * mode asks for an explicit confirmation, as the server does.
 */
export const ConnectionForm = ({
  connection,
  onSaved,
  onCancel
}: {
  /** The connection to change; a new one is added without it. */
  readonly connection?: Connection
  readonly onSaved: (saved: Connection) => void
  readonly onCancel: () => void
}) => {
  const [draft, setDraft] = useState<Draft>({
    name: connection?.name ?? "",
    mode: connection?.mode ?? "paper",
    apiKey: "",
    apiSecret: "",
    confirmLive: false
  })
  const { errors, formError, saving, send } = useSchemaForm()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  const goingLive = draft.mode === "live" && connection?.mode !== "live"
  const keysHeld = connection?.keyHint != null

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const keys = {
      ...(given(draft.apiKey) === undefined ? {} : { apiKey: given(draft.apiKey) }),
      ...(given(draft.apiSecret) === undefined ? {} : { apiSecret: given(draft.apiSecret) }),
      ...(goingLive ? { confirmLive: draft.confirmLive } : {})
    }
    return connection
      ? send(
          UpdateConnection,
          {
            ...(draft.name === connection.name ? {} : { name: draft.name }),
            ...(draft.mode === connection.mode ? {} : { mode: draft.mode }),
            ...keys
          },
          (payload) =>
            call(
              executionApi.connections.update({ path: { connectionId: connection.id }, payload })
            ),
          onSaved
        )
      : send(
          CreateConnection,
          { name: draft.name, exchange: "binance", mode: draft.mode, ...keys },
          (payload) => call(executionApi.connections.create({ payload })),
          onSaved
        )
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={connection ? "Edit connection" : "New connection"}
    >
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
        <Select
          label="Exchange"
          data={[{ value: "binance", label: "Binance (spot)" }]}
          value="binance"
          disabled={connection !== undefined}
          allowDeselect={false}
          error={errors.exchange}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="connection-mode">
            Mode
          </Text>
          <SegmentedControl
            aria-labelledby="connection-mode"
            data={MODES}
            value={draft.mode}
            onChange={(v) => set("mode", v as ExchangeMode)}
          />
          <Text size="xs" c="dimmed">
            {MODE_DESCRIPTIONS[draft.mode]}
          </Text>
        </Stack>
        {(draft.mode !== "paper" || keysHeld) && (
          <>
            <Text size="sm" c="dimmed">
              {keysHeld
                ? `Keys ending in ${connection?.keyHint} are kept. Enter both to replace them.`
                : "The exchange account's API key and secret: they are stored encrypted and never shown again. Give them trading rights only, never withdrawals."}
            </Text>
            <PasswordInput
              label="API key"
              value={draft.apiKey}
              onChange={(e) => set("apiKey", e.currentTarget.value)}
              error={errors.apiKey}
              autoComplete="off"
              required={draft.mode !== "paper" && !keysHeld}
            />
            <PasswordInput
              label="API secret"
              value={draft.apiSecret}
              onChange={(e) => set("apiSecret", e.currentTarget.value)}
              error={errors.apiSecret}
              autoComplete="off"
              required={draft.mode !== "paper" && !keysHeld}
            />
          </>
        )}
        {goingLive && (
          <Alert color="red" title="Live trading">
            <Checkbox
              label="I understand that orders on this connection trade real money"
              checked={draft.confirmLive}
              onChange={(e) => set("confirmLive", e.currentTarget.checked)}
              error={errors.confirmLive}
            />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} color={goingLive ? "red" : undefined}>
            {connection ? "Save" : "Connect"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
