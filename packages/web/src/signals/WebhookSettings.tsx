import { Alert, Button, Group, Stack, Text, TextInput, Title } from "@mantine/core"
import { SetSignalWebhook, type SignalWebhook, type WebhookTestResult } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useCanWrite } from "../stores/session.js"

/**
 * Where watched strategies' signals are posted: a Discord-style incoming webhook. The address
 * holds the receiver's token, so once saved only its host is shown.
 */
export const WebhookSettings = ({
  webhook,
  onChange
}: {
  readonly webhook: SignalWebhook | undefined
  readonly onChange: () => void
}) => {
  const canWrite = useCanWrite()
  const [url, setUrl] = useState("")
  const [editing, setEditing] = useState(false)
  const [testing, setTesting] = useState(false)
  const [tested, setTested] = useState<WebhookTestResult | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const { errors, formError, saving, send } = useSchemaForm()
  const configured = webhook?.configured === true

  const save = () =>
    send(
      SetSignalWebhook,
      { url },
      (payload) => call(researchApi.signals.setWebhook({ payload })),
      (saved) => {
        notify({ color: "teal", title: "Webhook saved", message: `Signals go to ${saved.host}` })
        setUrl("")
        setEditing(false)
        setTested(null)
        onChange()
      }
    )

  const test = async () => {
    setTesting(true)
    setProblem(null)
    try {
      setTested(await call(researchApi.signals.testWebhook()))
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setTesting(false)
    }
  }

  const remove = async () => {
    setProblem(null)
    try {
      await call(researchApi.signals.removeWebhook())
      notify({ color: "teal", title: "Webhook removed", message: "Signals are no longer posted" })
      setTested(null)
      onChange()
    } catch (e) {
      setProblem(messageOf(e))
    }
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Webhook
      </Title>
      <Text size="sm" c="dimmed">
        Watches you choose post each signal here as JSON, the way a Discord channel's incoming
        webhook expects it. The address must start with https://; it is kept encrypted.
      </Text>
      {webhook === undefined ? null : configured ? (
        <Text size="sm">
          Posting to <strong>{webhook.host}</strong>
          {webhook.updatedAt && <> (set {formatDateTime(webhook.updatedAt)})</>}.
        </Text>
      ) : (
        <Text size="sm">No webhook is set.</Text>
      )}
      {canWrite && (!configured || editing) && (
        <Group
          component="form"
          aria-label="Set the webhook"
          align="flex-end"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <TextInput
            label="Webhook address"
            placeholder="https://discord.com/api/webhooks/…"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            autoComplete="off"
            spellCheck={false}
            style={{ flex: "1 1 280px" }}
          />
          <Button type="submit" loading={saving}>
            Save
          </Button>
          {editing && (
            <Button variant="default" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          )}
        </Group>
      )}
      {canWrite && configured && !editing && (
        <Group gap="sm">
          <Button variant="default" loading={testing} onClick={() => void test()}>
            Send a test message
          </Button>
          <Button variant="default" onClick={() => setEditing(true)}>
            Replace
          </Button>
          <Button variant="default" color="red" onClick={() => void remove()}>
            Remove
          </Button>
        </Group>
      )}
      {tested && (
        <Alert
          color={tested.delivered ? "teal" : "red"}
          role="status"
          title={tested.delivered ? "Test message delivered" : "The test message was not delivered"}
        >
          {tested.delivered ? `The webhook answered ${tested.status}.` : tested.message}
        </Alert>
      )}
      <FormError message={formError ?? problem} />
    </Stack>
  )
}
