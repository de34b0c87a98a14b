import { Button, Group, Modal, Stack, Text, Title, VisuallyHidden } from "@mantine/core"
import type { Portfolio } from "@trading-app/domain"
import { useEffect, useState } from "react"
import { api, call } from "../api/client.js"
import { ApiProblem, messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { RowActions } from "../components/RowActions.js"
import { notify } from "../lib/notify.js"
import { usePortfolios } from "../stores/portfolios.js"
import { useCanWrite } from "../stores/session.js"
import { PortfolioForm } from "./PortfolioForm.js"

type Editing = { readonly mode: "create" } | { readonly mode: "edit"; readonly row: Portfolio }

interface Deleting {
  readonly row: Portfolio
  /** The server's word that the portfolio holds transactions: deleting needs `force`. */
  readonly holdsTransactions?: string
  readonly error?: string
}

// Short, so that the table and its actions fit a phone's width.
const METHOD_LABELS: Record<Portfolio["costBasisMethod"], string> = {
  fifo: "FIFO",
  average: "Average cost"
}

/** The user's portfolios: create, rename, base currency, cost-basis method, delete. */
export const PortfoliosPage = () => {
  const canWrite = useCanWrite()
  const { items, load } = usePortfolios()
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<Deleting | null>(null)
  const [busy, setBusy] = useState(false)
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    load().catch((e: unknown) => setLoadError(messageOf(e)))
  }, [load])

  const saved = (row: Portfolio) => {
    notify({
      color: "teal",
      title: editing?.mode === "create" ? "Portfolio created" : "Portfolio saved",
      message: row.name
    })
    setEditing(null)
    void load()
  }

  const remove = async (target: Deleting, force: boolean) => {
    setBusy(true)
    try {
      await call(
        api.portfolios.delete({ path: { portfolioId: target.row.id }, urlParams: { force } })
      )
      setDeleting(null)
      notify({ color: "teal", title: "Portfolio deleted", message: target.row.name })
      await load()
    } catch (error) {
      // A portfolio with transactions is deleted only when asked again, knowing what goes.
      setDeleting(
        error instanceof ApiProblem && error.kind === "Conflict" && !force
          ? { row: target.row, holdsTransactions: error.message }
          : { ...target, error: messageOf(error) }
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Portfolios
        </Title>
        <Button onClick={() => setEditing({ mode: "create" })} disabled={!canWrite}>
          New portfolio
        </Button>
      </Group>
      <ReadOnlyNote />
      <FormError message={loadError} />
      <DataTable label="Portfolios" minWidth={320} busy={items === null}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Currency, cost basis</th>
            <th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((p) => (
            <tr key={p.id}>
              <td style={{ fontWeight: 600 }}>{p.name}</td>
              <td>
                {p.baseCurrency} · {METHOD_LABELS[p.costBasisMethod]}
                {p.benchmark === null ? "" : ` · against ${p.benchmark}`}
              </td>
              <td>
                <RowActions
                  what={`portfolio ${p.name}`}
                  onEdit={() => setEditing({ mode: "edit", row: p })}
                  onDelete={() => setDeleting({ row: p })}
                  wrap
                />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {items?.length === 0 && (
        <Text c="dimmed" ta="center">
          No portfolios yet. Create one with “New portfolio”.
        </Text>
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? "Edit portfolio" : "New portfolio"}
      >
        {editing && (
          <PortfolioForm
            {...(editing.mode === "edit" ? { portfolio: editing.row } : {})}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>

      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title="Delete portfolio">
        {deleting && (
          <Stack>
            <FormError message={deleting.error ?? null} />
            <Text>
              {deleting.holdsTransactions ??
                `Delete the portfolio “${deleting.row.name}”? This cannot be undone.`}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)} disabled={busy}>
                Cancel
              </Button>
              <Button
                color="red"
                loading={busy}
                onClick={() => void remove(deleting, deleting.holdsTransactions !== undefined)}
              >
                {deleting.holdsTransactions === undefined
                  ? "Delete"
                  : "Delete it and its transactions"}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  )
}

export default PortfoliosPage
