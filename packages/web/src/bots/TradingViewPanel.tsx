import { Alert, Button, Code, CopyButton, Group, Select, Stack, Text, Title } from "@mantine/core"
import type { Bot, NewTradingViewHook } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { FormError } from "../components/FormError.js"
import { formatDateTime } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useCanWrite } from "../stores/session.js"

/** A button that copies `value`, saying so once it has. */
const Copy = ({ value, label = "Copy" }: { readonly value: string; readonly label?: string }) => (
  <CopyButton value={value}>
    {({ copied, copy }) => (
      <Button size="compact-sm" variant="default" onClick={copy}>
        {copied ? "Copied" : label}
      </Button>
    )}
  </CopyButton>
)

/** The alert message to paste in TradingView, its placeholders filled in by TradingView. */
const sampleAlert = (bot: Bot | undefined, secret: string) =>
  JSON.stringify(
    {
      secret,
      bot: bot?.id ?? "<the bot's id>",
      ticker: "{{ticker}}",
      action: "{{strategy.order.action}}",
      contracts: "{{strategy.order.contracts}}",
      price: "{{close}}",
      marketPosition: "{{strategy.market_position}}",
      prevMarketPosition: "{{strategy.prev_market_position}}",
      time: "{{timenow}}",
      id: "{{strategy.order.id}}-{{timenow}}"
    },
    null,
    2
  )

/**
 * The user's TradingView webhook: the URL to give TradingView, a new URL and secret on demand
 * (the secret is shown once), and an alert message to copy for a bot.
 */
export const TradingViewPanel = ({ bots }: { readonly bots: ReadonlyArray<Bot> }) => {
  const canWrite = useCanWrite()
  const hook = useApi(() => executionApi.hooks.tradingView(), [])
  const [made, setMade] = useState<NewTradingViewHook | null>(null)
  const [botId, setBotId] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const path = made?.path ?? hook.data?.path ?? null
  const url = path === null ? null : `${window.location.origin}${path}`
  const bot = bots.find((b) => b.id === botId) ?? bots[0]
  const alert = sampleAlert(bot, made?.secret ?? "<your secret>")

  const rotate = async () => {
    setBusy(true)
    setProblem(null)
    try {
      setMade(await call(executionApi.hooks.rotateTradingView()))
      hook.reload()
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        TradingView webhook
      </Title>
      <Text size="sm" c="dimmed">
        In a TradingView alert, tick “Webhook URL”, paste this address, and use the message below:
        TradingView fills in the placeholders. Each alert must carry your secret; a repeated alert
        is acted on once; one older than two minutes is refused.
      </Text>
      <FormError message={hook.error?.message ?? problem} />
      {url === null ? (
        hook.data && <Text size="sm">No webhook yet.</Text>
      ) : (
        <Group gap="xs" wrap="nowrap">
          <Code style={{ overflowWrap: "anywhere" }}>{url}</Code>
          <Copy value={url} />
        </Group>
      )}
      {hook.data?.createdAt && (
        <Text size="xs" c="dimmed">
          Made {formatDateTime(hook.data.createdAt)}
        </Text>
      )}
      {made && (
        <Alert color="yellow" title="Your secret, shown this once" role="status">
          <Group gap="xs" wrap="nowrap">
            <Code data-testid="hook-secret">{made.secret}</Code>
            <Copy value={made.secret} />
          </Group>
          <Text size="sm" mt="xs">
            It is in the message below; keep it out of shared screenshots.
          </Text>
        </Alert>
      )}
      {canWrite && (
        <Group>
          <Button variant="default" loading={busy} onClick={() => void rotate()}>
            {url === null ? "Make my webhook" : "New address and secret"}
          </Button>
        </Group>
      )}
      {bots.length > 1 && (
        <Select
          label="Alert message for"
          data={bots.map((b) => ({ value: b.id, label: b.name }))}
          value={bot?.id ?? null}
          onChange={setBotId}
          allowDeselect={false}
          w={280}
        />
      )}
      <Text size="sm" fw={500}>
        Alert message{bot ? ` for ${bot.name}` : ""}
      </Text>
      <Code block aria-label="Alert message" tabIndex={0}>
        {alert}
      </Code>
      <Group>
        <Copy value={alert} label="Copy the message" />
      </Group>
    </Stack>
  )
}
