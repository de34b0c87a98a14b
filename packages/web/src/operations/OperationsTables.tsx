import { Badge, Text } from "@mantine/core"
import type { InstrumentFreshness, QueueStats, ReplicaReport } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { toneStyle } from "../lib/format.js"
import { ageColor, formatAge } from "./figures.js"

/** Every process that reported within the last minute. */
export const ReplicasTable = ({
  replicas
}: {
  readonly replicas: ReadonlyArray<ReplicaReport>
}) => (
  <DataTable label="Processes" minWidth={1000}>
    <thead>
      <tr>
        <th>Process</th>
        <th>Role</th>
        <th>Version</th>
        <th data-num>Up</th>
        <th data-num>Seen</th>
        <th data-num>Requests/min</th>
        <th data-num>5xx</th>
        <th data-num>p95</th>
        <th data-num>Streams</th>
        <th data-num>Pool (idle/waiting)</th>
      </tr>
    </thead>
    <tbody>
      {replicas.map((r) => (
        <tr key={r.id}>
          <td>
            <Text size="sm" ff="monospace">
              {r.id}
            </Text>
          </td>
          <td>
            <Badge variant="light" color={r.role === "app" ? "blue" : "grape"} miw="max-content">
              {r.role}
            </Badge>
          </td>
          <td>{r.version}</td>
          <td data-num>{formatAge(r.uptimeSeconds)}</td>
          <td data-num>{formatAge(r.lastSeenSecondsAgo)} ago</td>
          <td data-num>{r.requests.perMinute}</td>
          <td data-num style={toneStyle(r.requests.errorRatePercent >= 5 ? "red" : undefined)}>
            {r.requests.errorRatePercent}%
          </td>
          <td data-num>{r.requests.p95Ms === null ? "—" : `${r.requests.p95Ms} ms`}</td>
          <td data-num>{r.openEventStreams}</td>
          <td data-num style={toneStyle(r.pool.waiting > 0 ? "orange" : undefined)}>
            {r.pool.total} ({r.pool.idle}/{r.pool.waiting})
          </td>
        </tr>
      ))}
    </tbody>
  </DataTable>
)

/** Backlog and failures of each background-job queue. */
export const QueuesTable = ({ queues }: { readonly queues: ReadonlyArray<QueueStats> }) => (
  <DataTable label="Job queues" minWidth={640}>
    <thead>
      <tr>
        <th>Queue</th>
        <th data-num>Waiting</th>
        <th data-num>Scheduled</th>
        <th data-num>Active</th>
        <th data-num>Failed</th>
        <th data-num>Oldest waiting</th>
      </tr>
    </thead>
    <tbody>
      {queues.map((q) => (
        <tr key={q.queue}>
          <td>{q.queue}</td>
          <td data-num>{q.waiting}</td>
          <td data-num>{q.scheduled}</td>
          <td data-num>{q.active}</td>
          <td data-num style={toneStyle(q.failed > 0 ? "red" : undefined)}>
            {q.failed}
          </td>
          <td data-num style={toneStyle(q.oldestWaitingSeconds > 60 ? "orange" : undefined)}>
            {q.waiting === 0 ? "—" : formatAge(q.oldestWaitingSeconds)}
          </td>
        </tr>
      ))}
    </tbody>
  </DataTable>
)

/** How old each instrument's newest candle and trade are; stale ones stand out. */
export const FreshnessTable = ({
  instruments
}: {
  readonly instruments: ReadonlyArray<InstrumentFreshness>
}) => (
  <DataTable label="Market data freshness" minWidth={520}>
    <thead>
      <tr>
        <th>Instrument</th>
        <th data-num>Last candle</th>
        <th data-num>Last trade</th>
      </tr>
    </thead>
    <tbody>
      {instruments.map((i) => (
        <tr key={i.symbol}>
          <td>
            <Text size="sm" fw={600} span>
              {i.symbol}
            </Text>{" "}
            {!i.active && (
              <Badge size="xs" variant="outline" color="gray">
                inactive
              </Badge>
            )}
          </td>
          <td data-num style={toneStyle(i.active ? ageColor(i.lastCandleAgeSeconds) : undefined)}>
            {i.lastCandleAgeSeconds === null ? "none" : `${formatAge(i.lastCandleAgeSeconds)} ago`}
          </td>
          <td data-num style={toneStyle(i.active ? ageColor(i.lastTradeAgeSeconds) : undefined)}>
            {i.lastTradeAgeSeconds === null ? "none" : `${formatAge(i.lastTradeAgeSeconds)} ago`}
          </td>
        </tr>
      ))}
    </tbody>
  </DataTable>
)
