import { Alert, Button, Group, Modal, Stack, Text, Title, VisuallyHidden } from "@mantine/core"
import { useDebouncedValue } from "@mantine/hooks"
import { ListTransactionsParams, type Transaction, type TransactionSort } from "@trading-app/domain"
import { useCallback, useMemo, useState } from "react"
import { useSearchParams } from "react-router"
import { api, call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { ListFooter } from "../components/ListFooter.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { RowActions } from "../components/RowActions.js"
import { SortHeader } from "../components/SortHeader.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { formatDateTime, formatQuantity, localDayStart } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { usePagedList } from "../lib/usePagedList.js"
import { validated } from "../lib/validate.js"
import { portfolioName, usePortfolioList } from "../stores/portfolios.js"
import { useCanWrite } from "../stores/session.js"
import { ActivityBadge } from "./ActivityBadge.js"
import { amountOf, describeActivity, fieldOf } from "./activities.js"
import { Figure } from "./Figure.js"
import {
  type Filters,
  filtersOf,
  type Ordering,
  orderingOf,
  paramsOf,
  TransactionFilters
} from "./TransactionFilters.js"
import { TransactionForm } from "./TransactionForm.js"

const PAGE_SIZE = 50

/** The list query of the filters: dates are whole local days, `to` included. */
const queryOf = (filters: Filters, { sort, order }: Ordering, cursor?: string) =>
  validated(ListTransactionsParams, {
    sort,
    order,
    limit: String(PAGE_SIZE),
    ...(filters.portfolioId ? { portfolioId: filters.portfolioId } : {}),
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.from ? { from: localDayStart(filters.from) } : {}),
    ...(filters.to ? { to: localDayStart(filters.to, 1) } : {}),
    ...(cursor ? { cursor } : {})
  })

type Editing = { readonly mode: "create" } | { readonly mode: "edit"; readonly row: Transaction }

const TransactionsPage = () => {
  const canWrite = useCanWrite()
  const portfolios = usePortfolioList()
  // Filters and order live in the URL: a reload, a shared link or Back keeps them.
  const [params, setParams] = useSearchParams()
  const filters = useMemo(() => filtersOf(params), [params])
  const ordering = useMemo(() => orderingOf(params), [params])
  const setFilters = (next: Filters) => setParams(paramsOf(next, ordering), { replace: true })
  // A column pressed again turns round; a new one starts with the latest or largest first
  // (type and symbol from A).
  const sortBy = (sort: TransactionSort) =>
    setParams(
      paramsOf(filters, {
        sort,
        order:
          sort === ordering.sort
            ? ordering.order === "desc"
              ? "asc"
              : "desc"
            : sort === "type" || sort === "symbol"
              ? "asc"
              : "desc"
      }),
      { replace: true }
    )
  const header = (sort: TransactionSort, label: string, numeric = false) => (
    <SortHeader
      label={label}
      active={ordering.sort === sort}
      descending={ordering.order === "desc"}
      numeric={numeric}
      onSort={() => sortBy(sort)}
    />
  )
  const [debounced] = useDebouncedValue(filters, 250)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<Transaction | null>(null)

  const fetchPage = useCallback(
    async (cursor: string | undefined, signal?: AbortSignal) => {
      const query = await queryOf(debounced, ordering, cursor)
      return call(api.transactions.list({ urlParams: query }), signal)
    },
    [debounced, ordering]
  )
  const { rows, setRows, total, setTotal, nextCursor, loading, error, loadMore, reload } =
    usePagedList(fetchPage, [fetchPage])

  // Another tab, device or import changed the ledger: show the first page anew.
  useLiveReload(reload, ["transactions"])

  const saved = (row: Transaction) => {
    const created = editing?.mode === "create"
    setEditing(null)
    notify({
      color: "teal",
      title: created ? "Transaction recorded" : "Transaction saved",
      message: describeActivity(row)
    })
    if (created) reload()
    else setRows((r) => r.map((t) => (t.id === row.id ? row : t)))
  }

  // Optimistic: the row goes at once and comes back if the server refuses.
  const remove = async (row: Transaction) => {
    setDeleting(null)
    const index = rows.findIndex((t) => t.id === row.id)
    setRows((r) => r.filter((t) => t.id !== row.id))
    setTotal((n) => (n === null ? n : n - 1))
    try {
      await call(api.transactions.delete({ path: { transactionId: row.id } }))
      notify({ color: "teal", title: "Transaction deleted", message: describeActivity(row) })
    } catch (e) {
      setRows((r) => [...r.slice(0, index), row, ...r.slice(index)])
      setTotal((n) => (n === null ? n : n + 1))
      notify({ color: "red", title: "Not deleted", message: messageOf(e) })
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Transactions
        </Title>
        <Button
          onClick={() => setEditing({ mode: "create" })}
          disabled={portfolios?.length === 0 || !canWrite}
        >
          New transaction
        </Button>
      </Group>
      <ReadOnlyNote />
      <TransactionFilters filters={filters} portfolios={portfolios ?? []} onChange={setFilters} />
      {total !== null && (
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="transactions-total">
          {total === 1 ? "1 transaction" : `${total.toLocaleString()} transactions`}
          {Object.values(filters).some((v) => v !== "") ? " match these filters" : ""}
          {rows.length < total ? `, ${rows.length.toLocaleString()} shown` : ""}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert" title="Could not load transactions">
          {error}
        </Alert>
      )}
      <DataTable label="Transactions" minWidth={920} busy={loading}>
        <thead>
          <tr>
            {header("date", "Date")}
            <th>Portfolio</th>
            {header("type", "Type")}
            {header("symbol", "Symbol")}
            {header("quantity", "Quantity", true)}
            {header("price", "Price", true)}
            {header("amount", "Amount", true)}
            {header("fee", "Fee or tax", true)}
            <th>Note</th>
            <th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td>{formatDateTime(t.executedAt)}</td>
              <td>{portfolioName(portfolios, t.portfolioId)}</td>
              <td>
                <ActivityBadge type={t.type} />
              </td>
              <td style={{ fontWeight: 600 }}>{fieldOf(t, "symbol")}</td>
              <td data-num title={fieldOf(t, "quantity") ?? undefined}>
                {t.type === "split"
                  ? `${formatQuantity(t.sharesAfter)} for ${formatQuantity(t.sharesBefore)}`
                  : formatQuantity(fieldOf(t, "quantity"), 8)}
              </td>
              <Figure value={fieldOf(t, "price")} currency={fieldOf(t, "currency")} />
              <Figure value={amountOf(t)} currency={fieldOf(t, "currency")} money />
              <Figure
                value={fieldOf(t, "fee") ?? fieldOf(t, "withholdingTax")}
                currency={fieldOf(t, "currency")}
                money
              />
              <td style={{ maxWidth: 100 }}>
                <Text size="sm" truncate title={t.note ?? undefined}>
                  {t.note}
                </Text>
              </td>
              <td>
                <RowActions
                  what={`${describeActivity(t)} of ${formatDateTime(t.executedAt)}`}
                  onEdit={() => setEditing({ mode: "edit", row: t })}
                  onDelete={() => setDeleting(t)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <ListFooter
        loading={loading}
        loadingLabel="Loading transactions"
        empty={rows.length === 0 && !error}
        emptyText={
          Object.values(filters).some((v) => v !== "")
            ? "No transaction matches these filters."
            : "No transactions yet. Record your first one with “New transaction”."
        }
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? "Edit transaction" : "New transaction"}
        size="lg"
      >
        {editing && (
          <TransactionForm
            {...(editing.mode === "edit" ? { transaction: editing.row } : {})}
            defaultPortfolioId={filters.portfolioId || (portfolios?.[0]?.id ?? null)}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>

      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete transaction"
      >
        {deleting && (
          <Stack>
            <Text>
              Delete “{describeActivity(deleting)}” of {formatDateTime(deleting.executedAt)}? This
              cannot be undone.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(null)}>
                Cancel
              </Button>
              <Button color="red" onClick={() => void remove(deleting)}>
                Delete
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  )
}

export default TransactionsPage
