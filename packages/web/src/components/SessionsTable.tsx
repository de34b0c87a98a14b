import { Text } from "@mantine/core"
import type { ActiveSession } from "@trading-app/domain"
import type { ReactNode } from "react"
import { formatDateTime } from "../lib/format.js"
import { DataTable } from "./DataTable.js"

/** Sign-in sessions (the user's own or, for staff, another user's), with an optional action each. */
export const SessionsTable = <S extends ActiveSession>({
  label,
  sessions,
  busy,
  action
}: {
  readonly label: string
  readonly sessions: ReadonlyArray<S>
  readonly busy: boolean
  readonly action?: (session: S) => ReactNode
}) => (
  <DataTable label={label} minWidth={action ? 760 : 640} busy={busy}>
    <thead>
      <tr>
        <th>Signed in</th>
        <th>Last active</th>
        <th>Address</th>
        <th>Browser</th>
        {action && <th />}
      </tr>
    </thead>
    <tbody>
      {sessions.map((s) => (
        <tr key={s.id}>
          <td>{formatDateTime(s.startedAt)}</td>
          <td>{formatDateTime(s.lastActiveAt)}</td>
          <td>{s.ip ?? "—"}</td>
          <td style={{ maxWidth: 300 }}>
            <Text size="sm" truncate title={s.userAgent ?? undefined}>
              {s.userAgent ?? "—"}
            </Text>
          </td>
          {action && <td>{action(s)}</td>}
        </tr>
      ))}
    </tbody>
  </DataTable>
)
