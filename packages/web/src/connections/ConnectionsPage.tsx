import { Button, Group, Modal, Stack, Text, Title } from "@mantine/core"
import type { Connection } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { ConfirmDelete } from "../components/ConfirmDelete.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useCanWrite } from "../stores/session.js"
import { ConnectionForm } from "./ConnectionForm.js"
import { ConnectionsTable } from "./ConnectionsTable.js"
import { STATUS_LABELS } from "./labels.js"

type Editing = { readonly mode: "create" } | { readonly mode: "edit"; readonly row: Connection }

/** Exchange connections: where the execution engine places orders, and whether each works. */
const ConnectionsPage = () => {
  const canWrite = useCanWrite()
  const connections = useApi(() => executionApi.connections.list(), [])
  useLiveReload(connections.reload, ["connections"])
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<Connection | null>(null)
  const [checking, setChecking] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const items = connections.data?.items ?? []

  const check = async (c: Connection) => {
    setChecking(c.id)
    setProblem(null)
    try {
      const checked = await call(executionApi.connections.check({ path: { connectionId: c.id } }))
      notify({
        color: checked.status === "ok" ? "teal" : "red",
        title: `${checked.name}: ${STATUS_LABELS[checked.status]}`,
        message: checked.statusMessage
      })
      connections.reload()
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setChecking(null)
    }
  }

  const saved = (connection: Connection) => {
    setEditing(null)
    // A new connection, or new keys or mode, is checked at once; its outcome is the news.
    if (connection.status === "unchecked") return void check(connection)
    notify({ color: "teal", title: "Connection saved", message: connection.name })
    connections.reload()
  }

  const remove = async (c: Connection) => {
    setBusy(true)
    try {
      await call(executionApi.connections.remove({ path: { connectionId: c.id } }))
      notify({ color: "teal", title: "Connection deleted", message: c.name })
      setDeleting(null)
      connections.reload()
    } catch (e) {
      setProblem(messageOf(e))
      setDeleting(null)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Exchange connections
        </Title>
        {canWrite && <Button onClick={() => setEditing({ mode: "create" })}>Add connection</Button>}
      </Group>
      <Text size="sm" c="dimmed">
        The accounts the execution engine trades on. A paper connection fills simulated orders
        against this app's market feed; testnet and live connections send orders to the exchange
        with your API keys, which are stored encrypted and never shown again. Each connection is
        checked every 5 minutes.
      </Text>
      <ReadOnlyNote />
      <FormError message={connections.error?.message ?? problem} />
      {connections.data !== undefined && items.length === 0 ? (
        <Text>
          No connections yet. Start with a paper connection: it needs no keys and trades against the
          live market feed.
        </Text>
      ) : (
        <ConnectionsTable
          connections={items}
          busy={connections.loading && connections.data === undefined}
          checking={checking}
          onCheck={(c) => void check(c)}
          onEdit={(row) => setEditing({ mode: "edit", row })}
          onDelete={setDeleting}
        />
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? "Edit connection" : "New connection"}
      >
        {editing && (
          <ConnectionForm
            {...(editing.mode === "edit" ? { connection: editing.row } : {})}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>

      <ConfirmDelete
        item={deleting}
        title="Delete connection"
        question={(c) =>
          `Delete the connection “${c.name}” and its stored keys? This cannot be undone.`
        }
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={(c) => void remove(c)}
      />
    </Stack>
  )
}

export default ConnectionsPage
