import { Button, Text } from "@mantine/core"
import type { QueuedSignal } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"

/** Entries waiting for capacity, best first; the owner may take one out. */
export const SignalQueue = ({
  queue,
  canWrite,
  onChange
}: {
  readonly queue: ReadonlyArray<QueuedSignal>
  readonly canWrite: boolean
  readonly onChange: () => void
}) => {
  const [removing, setRemoving] = useState<string | null>(null)
  const remove = async (s: QueuedSignal) => {
    setRemoving(s.id)
    try {
      await call(executionApi.risk.dropQueued({ path: { signalId: s.id } }))
      notify({
        color: "teal",
        title: "Taken out of the queue",
        message: `${s.botName}: ${s.symbol}`
      })
    } catch (e) {
      notify({ color: "red", title: "Could not take it out", message: messageOf(e) })
    } finally {
      setRemoving(null)
      onChange()
    }
  }
  return queue.length === 0 ? (
    <Text c="dimmed">No entries are waiting.</Text>
  ) : (
    <DataTable label="Signal queue" minWidth={760}>
      <thead>
        <tr>
          <th data-num>Priority</th>
          <th>Bot</th>
          <th>Waiting for</th>
          <th>Received</th>
          <th>Expires</th>
          {canWrite && <th aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {queue.map((s) => (
          <tr key={s.id}>
            <td data-num>{s.priority}</td>
            <td>
              <Text size="sm" fw={600}>
                {s.botName}
              </Text>
              <Text size="xs" c="dimmed">
                {s.symbol} · {s.kind}
              </Text>
            </td>
            <td>
              <Text size="sm">{s.reason.replace(/^Waiting: /, "")}</Text>
            </td>
            <td>{formatDateTime(s.receivedAt)}</td>
            <td>{formatDateTime(s.expiresAt)}</td>
            {canWrite && (
              <td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  loading={removing === s.id}
                  onClick={() => void remove(s)}
                  aria-label={`Take ${s.botName}'s entry out of the queue`}
                >
                  Take out
                </Button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </DataTable>
  )
}
