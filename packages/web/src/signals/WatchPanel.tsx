import { Anchor, Button, Checkbox, Group, Stack, Text, TextInput, Title } from "@mantine/core"
import { CreateWatch, type Strategy } from "@trading-app/domain"
import { useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useCanWrite } from "../stores/session.js"

/** On a strategy's page: its running watch, or the way to start one on its latest version. */
export const WatchPanel = ({ strategy }: { readonly strategy: Strategy }) => {
  const canWrite = useCanWrite()
  const watches = useApi(() => researchApi.signals.watches(), [strategy.id])
  const webhook = useApi(() => researchApi.signals.webhook(), [])
  useLiveReload(watches.reload, ["signals"], 1000)
  const [capital, setCapital] = useState("10000")
  const [post, setPost] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const { errors, formError, saving, send } = useSchemaForm()
  const running = watches.data?.items.find(
    (w) => w.strategyId === strategy.id && w.stoppedAt === null
  )
  const hooked = webhook.data?.configured === true

  const start = () =>
    send(
      CreateWatch,
      { strategyId: strategy.id, initialCapital: capital.trim(), webhook: post },
      (payload) => call(researchApi.signals.watch({ payload })),
      (started) => {
        notify({
          color: "teal",
          title: "Watching live",
          message: `${strategy.name}, version ${started.version}`
        })
        watches.reload()
      }
    )

  const stop = async (watchId: NonNullable<typeof running>["id"]) => {
    setProblem(null)
    try {
      await call(researchApi.signals.stopWatch({ path: { watchId } }))
      watches.reload()
    } catch (e) {
      setProblem(messageOf(e))
    }
  }

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        Live signals
      </Title>
      {running ? (
        <>
          <Text size="sm">
            Watching version {running.version} since {formatDateTime(running.startedAt)}:{" "}
            {running.signals === 1 ? "1 signal" : `${running.signals} signals`} so far
            {running.lastBar && <>, last candle {formatDateTime(running.lastBar)}</>}
            {running.nextCheckAt && <>, next check {formatDateTime(running.nextCheckAt)}</>}.
            {running.version !== strategy.version &&
              ` The strategy is at version ${strategy.version} now: stop and watch again to follow it.`}
          </Text>
          <Group gap="sm">
            <Anchor component={Link} to="/signals" size="sm">
              See its signals
            </Anchor>
            {canWrite && (
              <Button size="compact-sm" variant="default" onClick={() => void stop(running.id)}>
                Stop watching
              </Button>
            )}
          </Group>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          Not watched. A watch reads each newly closed candle of{" "}
          {strategy.document.symbols.join(", ")} ({strategy.document.timeframe}) and signals as a
          backtest of the same candles would.
        </Text>
      )}
      {canWrite && !running && watches.data !== undefined && (
        <Group
          component="form"
          aria-label="Watch live"
          align="flex-end"
          onSubmit={(e) => {
            e.preventDefault()
            void start()
          }}
        >
          <TextInput
            label="Capital for % sizing"
            value={capital}
            onChange={(e) => setCapital(e.currentTarget.value)}
            error={errors.initialCapital}
            w={180}
          />
          <Stack gap={2}>
            <Checkbox
              label="Post signals to my webhook"
              checked={post}
              disabled={!hooked}
              onChange={(e) => setPost(e.currentTarget.checked)}
            />
            {!hooked && webhook.data !== undefined && (
              <Text size="xs" c="dimmed">
                <Anchor component={Link} to="/signals" size="xs">
                  Set a webhook
                </Anchor>{" "}
                first.
              </Text>
            )}
          </Stack>
          <Button type="submit" loading={saving}>
            Watch live
          </Button>
        </Group>
      )}
      <FormError
        message={formError ?? errors.webhook ?? problem ?? watches.error?.message ?? null}
      />
    </Stack>
  )
}
