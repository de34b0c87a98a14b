import { Stack, Text, Title } from "@mantine/core"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { SignalFeed } from "./SignalFeed.js"
import { WatchesTable } from "./WatchesTable.js"
import { WebhookSettings } from "./WebhookSettings.js"

/** How often the watches' last and next candles are read again. */
const WATCHES_RELOAD_MS = 30_000

/** Live signals: what is watched, what it signalled, and where signals are posted. */
const SignalsPage = () => {
  const watches = useApi(() => researchApi.signals.watches(), [])
  const webhook = useApi(() => researchApi.signals.webhook(), [])
  useLiveReload(watches.reload, ["signals"], 1000)
  useInterval(watches.reload, WATCHES_RELOAD_MS)
  const items = watches.data?.items ?? []

  return (
    <Stack>
      <Title order={1} size="h2">
        Signals
      </Title>
      <Text size="sm" c="dimmed">
        A watched strategy is read on each closed candle of the live market, exactly as its backtest
        would play those candles: a rule that holds on a close signals an order for the next open; a
        stop or target reached inside a candle signals an exit.
      </Text>
      <Title order={2} size="h3">
        Watches
      </Title>
      <FormError message={watches.error?.message ?? null} />
      <WatchesTable
        watches={items}
        busy={watches.loading && watches.data === undefined}
        hooked={webhook.data?.configured === true}
        onChange={watches.reload}
      />
      <Title order={2} size="h3">
        Signals
      </Title>
      <SignalFeed watches={items} />
      <FormError message={webhook.error?.message ?? null} />
      <WebhookSettings
        webhook={webhook.data}
        onChange={() => {
          webhook.reload()
          watches.reload()
        }}
      />
    </Stack>
  )
}

export default SignalsPage
