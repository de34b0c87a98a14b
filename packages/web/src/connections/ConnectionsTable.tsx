import { Badge, Button, Group, Text } from "@mantine/core"
import type { Connection } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { RowActions } from "../components/RowActions.js"
import { formatDateTime } from "../lib/format.js"
import { useCanWrite } from "../stores/session.js"
import { MODE_COLORS, MODE_LABELS, STATUS_COLORS, STATUS_LABELS } from "./labels.js"

/** The user's exchange connections with the outcome of each one's latest check. */
export const ConnectionsTable = ({
  connections,
  busy,
  checking,
  onCheck,
  onEdit,
  onDelete
}: {
  readonly connections: ReadonlyArray<Connection>
  readonly busy: boolean
  /** The connection being checked now, if any. */
  readonly checking: string | null
  readonly onCheck: (c: Connection) => void
  readonly onEdit: (c: Connection) => void
  readonly onDelete: (c: Connection) => void
}) => {
  const canWrite = useCanWrite()
  return (
    <DataTable label="Exchange connections" minWidth={760} busy={busy}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Mode</th>
          <th>Keys</th>
          <th>Status</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <tr key={c.id}>
            <td>
              <Text fw={600} size="sm">
                {c.name}
              </Text>
              <Text size="xs" c="dimmed">
                Binance (spot)
              </Text>
            </td>
            <td style={{ whiteSpace: "nowrap" }}>
              <Badge color={MODE_COLORS[c.mode]} variant="light">
                {MODE_LABELS[c.mode]}
              </Badge>
            </td>
            <td style={{ whiteSpace: "nowrap" }}>{c.keyHint ? `…${c.keyHint}` : "None"}</td>
            <td>
              <Badge color={STATUS_COLORS[c.status]} variant="dot">
                {STATUS_LABELS[c.status]}
              </Badge>
              {c.statusMessage && <Text size="xs">{c.statusMessage}</Text>}
              {c.checkedAt && (
                <Text size="xs" c="dimmed">
                  Checked {formatDateTime(c.checkedAt)}
                </Text>
              )}
            </td>
            <td>
              <Group gap={4} justify="flex-end" wrap="nowrap">
                {canWrite && (
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    loading={checking === c.id}
                    aria-label={`Check ${c.name} now`}
                    onClick={() => onCheck(c)}
                  >
                    Check
                  </Button>
                )}
                <RowActions what={c.name} onEdit={() => onEdit(c)} onDelete={() => onDelete(c)} />
              </Group>
            </td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}
