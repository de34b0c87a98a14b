import { Anchor, Badge, Text } from "@mantine/core"
import type { ExecutionSignal } from "@trading-app/domain"
import { Link } from "react-router"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"

const STATE_COLORS = { received: "gray", done: "teal", invalid: "red" } as const

/** Signals the engine received, with what it did with each, or why it did nothing. */
export const ReceivedSignals = ({
  signals,
  busy
}: {
  readonly signals: ReadonlyArray<ExecutionSignal>
  readonly busy: boolean
}) =>
  signals.length === 0 && !busy ? (
    <Text c="dimmed">No signals yet: they appear here as alerts arrive.</Text>
  ) : (
    <DataTable label="Signals received" minWidth={720} busy={busy}>
      <thead>
        <tr>
          <th>Received</th>
          <th>Ticker</th>
          <th>Action</th>
          <th>Outcome</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((s) => (
          <tr key={s.id}>
            <td>{formatDateTime(s.receivedAt)}</td>
            <td>{s.symbol}</td>
            <td>
              {s.action}
              {s.kind && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  ({s.kind})
                </Text>
              )}
            </td>
            <td>
              <Badge color={STATE_COLORS[s.state]} variant="dot">
                {s.state === "received" ? "Pending" : s.state === "done" ? "Acted on" : "Refused"}
              </Badge>
              <Text size="xs">{s.reason}</Text>
              {s.groupId && (
                <Anchor component={Link} to={`/groups/${s.groupId}`} size="xs">
                  Its group
                </Anchor>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
