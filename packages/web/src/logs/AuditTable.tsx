import { Badge, Text } from "@mantine/core"
import type { AuditEntry } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"
import { actionLabel, detailsText } from "./actions.js"

const person = (who: AuditEntry["actor"], self?: string) =>
  who === null ? "—" : who.id === self ? "You" : (who.email ?? "deleted account")

/**
 * Audit entries, newest first. `self` (a user's own view) names them "You" and leaves out the
 * account column, which is always theirs.
 */
export const AuditTable = ({
  entries,
  busy,
  self
}: {
  readonly entries: ReadonlyArray<AuditEntry>
  readonly busy: boolean
  readonly self?: string
}) => (
  <DataTable label="Audit entries" minWidth={self === undefined ? 1000 : 760} busy={busy}>
    <thead>
      <tr>
        <th>Time</th>
        <th>What</th>
        <th>By</th>
        {self === undefined && <th>Account</th>}
        <th>Address</th>
        <th>Details</th>
      </tr>
    </thead>
    <tbody>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>{formatDateTime(e.at)}</td>
          <td>
            <Text size="sm" fw={500}>
              {actionLabel(e.action)}
            </Text>
            {self === undefined && (
              <Badge size="xs" variant="light" color={e.category === "security" ? "grape" : "blue"}>
                {e.category}
              </Badge>
            )}
          </td>
          <td>{person(e.actor, self)}</td>
          {self === undefined && <td>{person(e.user)}</td>}
          <td>
            <Text size="sm" truncate maw={220} title={e.userAgent ?? undefined}>
              {e.ip ?? "—"}
            </Text>
          </td>
          <td style={{ maxWidth: 320 }}>
            <Text size="xs" ff="monospace" truncate title={detailsText(e.details)}>
              {[e.target, detailsText(e.details)].filter(Boolean).join(" ")}
            </Text>
          </td>
        </tr>
      ))}
    </tbody>
  </DataTable>
)
