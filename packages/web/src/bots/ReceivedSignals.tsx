import { Anchor, Badge, Text } from "@mantine/core"
import type { ExecutionSignal } from "@trading-app/domain"
import { Link } from "react-router"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"

const STATES: Record<ExecutionSignal["state"], { readonly label: string; readonly color: string }> =
  {
    received: { label: "Pending", color: "gray" },
    queued: { label: "Queued", color: "yellow" },
    done: { label: "Acted on", color: "teal" },
    invalid: { label: "Refused", color: "red" },
    expired: { label: "Expired", color: "gray" },
    replaced: { label: "Replaced", color: "gray" }
  }

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
              <Badge color={STATES[s.state].color} variant="dot">
                {STATES[s.state].label}
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
