import { Alert, Anchor, Select, Stack, Text } from "@mantine/core"
import { type Signal, SignalListParams, type Watch, type WatchId } from "@trading-app/domain"
import { useCallback, useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { ListFooter } from "../components/ListFooter.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { formatDateTime, formatPrice } from "../lib/format.js"
import { usePagedList } from "../lib/usePagedList.js"
import { validated } from "../lib/validate.js"
import { REASON_LABELS, WEBHOOK_LABELS } from "./labels.js"
import { SideBadge } from "./SideBadge.js"

const webhookText = (s: Signal) =>
  s.webhook.state === "failed" && s.webhook.message !== ""
    ? `${WEBHOOK_LABELS.failed}: ${s.webhook.message}`
    : WEBHOOK_LABELS[s.webhook.state]

/** Every signal of the user's watches, latest candle first; new ones arrive live. */
export const SignalFeed = ({ watches }: { readonly watches: ReadonlyArray<Watch> }) => {
  const [watchId, setWatchId] = useState<string | null>(null)
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal?: AbortSignal) => {
      const urlParams = await validated(SignalListParams, {
        limit: "50",
        ...(watchId ? { watchId } : {}),
        ...(cursor ? { cursor } : {})
      })
      return call(researchApi.signals.list({ urlParams }), signal)
    },
    [watchId]
  )
  const { rows, nextCursor, loading, error, loadMore, reload } = usePagedList(fetchPage, [
    fetchPage
  ])
  useLiveReload(reload, ["signals"], 1000)

  return (
    <Stack gap="sm">
      <Select
        label="Watch"
        placeholder="All watches"
        clearable
        data={watches.map((w) => ({
          value: w.id,
          label: `${w.strategyName} v${w.version}${w.stoppedAt ? " (stopped)" : ""}`
        }))}
        value={watchId}
        onChange={(v) => setWatchId(v as WatchId | null)}
        w={320}
        maw="100%"
      />
      {error && (
        <Alert color="red" role="alert" title="Could not load signals">
          {error}
        </Alert>
      )}
      <DataTable label="Signals" minWidth={820} busy={loading}>
        <thead>
          <tr>
            <th>Candle</th>
            <th>Strategy</th>
            <th>Symbol</th>
            <th>Signal</th>
            <th>Why</th>
            <th data-num>Price</th>
            <th>Webhook</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{formatDateTime(s.barTime)}</td>
              <td>
                <Anchor component={Link} to={`/strategies/${s.strategyId}`} size="sm">
                  {s.strategyName}
                </Anchor>{" "}
                <Text span size="xs" c="dimmed">
                  v{s.version}
                </Text>
              </td>
              <td>
                <Anchor component={Link} to={`/markets/${encodeURIComponent(s.symbol)}`} size="sm">
                  {s.symbol}
                </Anchor>
              </td>
              <td>
                <SideBadge side={s.side} />
              </td>
              <td>{REASON_LABELS[s.reason]}</td>
              <td data-num>{formatPrice(s.price)}</td>
              <td>{webhookText(s)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <ListFooter
        loading={loading}
        loadingLabel="Loading signals"
        empty={!error && rows.length === 0}
        emptyText="No signals yet. A watch signals when its rules hold on a closed candle."
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />
    </Stack>
  )
}
