import { Badge, Text } from "@mantine/core"
import type { SystemLogEntry } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"
import { detailsText } from "./actions.js"

const LEVEL_COLORS = { warning: "yellow", error: "red", fatal: "red" } as const

/** Warnings and errors of every replica, newest first. */
export const SystemLogTable = ({
  entries,
  busy
}: {
  readonly entries: ReadonlyArray<SystemLogEntry>
  readonly busy: boolean
}) => (
  <DataTable label="System log entries" minWidth={1000} busy={busy}>
    <thead>
      <tr>
        <th>Time</th>
        <th>Level</th>
        <th>Category</th>
        <th>Message</th>
        <th>Request</th>
        <th>Replica</th>
      </tr>
    </thead>
    <tbody>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>{formatDateTime(e.at)}</td>
          <td>
            <Badge
              size="sm"
              variant={e.level === "fatal" ? "filled" : "light"}
              color={LEVEL_COLORS[e.level]}
            >
              {e.level}
            </Badge>
          </td>
          <td>{e.category}</td>
          <td style={{ maxWidth: 420 }}>
            <Text size="sm">{e.message}</Text>
            <Text size="xs" c="dimmed" ff="monospace" truncate title={detailsText(e.details)}>
              {detailsText(e.details)}
            </Text>
          </td>
          <td>
            <Text size="xs" ff="monospace" truncate maw={160} title={e.requestId ?? undefined}>
              {e.requestId ?? "—"}
            </Text>
          </td>
          <td>{e.replica}</td>
        </tr>
      ))}
    </tbody>
  </DataTable>
)
