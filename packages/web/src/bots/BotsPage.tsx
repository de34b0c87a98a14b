import { Badge, Button, Group, Modal, Stack, Text, Title } from "@mantine/core"
import type { Bot } from "@trading-app/domain"
import { useEffect, useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { ConfirmDelete } from "../components/ConfirmDelete.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { RowActions } from "../components/RowActions.js"
import { MODE_COLORS } from "../connections/labels.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { usePortfolios } from "../stores/portfolios.js"
import { useCanWrite } from "../stores/session.js"
import { BotForm } from "./BotForm.js"
import { ReceivedSignals } from "./ReceivedSignals.js"
import { TradingViewPanel } from "./TradingViewPanel.js"

const TAKE_PROFIT_LABELS = { aggregate: "on the average", leg: "per order", hybrid: "in steps" }

/** How often the received signals are read again. */
const SIGNALS_RELOAD_MS = 5000

type Editing = { readonly mode: "create" } | { readonly mode: "edit"; readonly row: Bot }

/** Bots: which signals are traded where; the TradingView webhook; the signals received. */
const BotsPage = () => {
  const canWrite = useCanWrite()
  const bots = useApi(() => executionApi.bots.list(), [])
  const connections = useApi(() => executionApi.connections.list(), [])
  const watches = useApi(() => executionApi.signals.watches(), [])
  const signals = useApi(() => executionApi.hooks.signals({ urlParams: { limit: 20 } }), [])
  useLiveReload(bots.reload, ["transactions", "execution"], 1000)
  useLiveReload(signals.reload, ["execution"], 1000)
  useInterval(signals.reload, SIGNALS_RELOAD_MS)
  const loadPortfolios = usePortfolios((s) => s.load)
  useEffect(() => void loadPortfolios().catch(() => {}), [loadPortfolios])
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<Bot | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const items = bots.data?.items ?? []
  const noConnection = connections.data !== undefined && connections.data.items.length === 0

  const saved = (bot: Bot) => {
    notify({
      color: "teal",
      title: editing?.mode === "edit" ? "Bot saved" : "Bot added",
      message: bot.name
    })
    setEditing(null)
    bots.reload()
  }

  const remove = async (bot: Bot) => {
    setBusy(true)
    setProblem(null)
    try {
      await call(executionApi.bots.remove({ path: { botId: bot.id } }))
      notify({ color: "teal", title: "Bot deleted", message: bot.name })
      bots.reload()
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setDeleting(null)
      setBusy(false)
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Bots
        </Title>
        {canWrite && (
          <Button onClick={() => setEditing({ mode: "create" })} disabled={noConnection}>
            Add bot
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        A bot trades one instrument on one exchange connection. Each entry signal opens a position
        group: a base order at market, safety orders further down, and a take-profit that follows
        the fills. Every fill is recorded in the bot's portfolio.
      </Text>
      <ReadOnlyNote />
      {noConnection && <Text>Add an exchange connection first (a paper one needs no keys).</Text>}
      <FormError message={bots.error?.message ?? problem} />
      {bots.data !== undefined && items.length === 0 ? (
        <Text>No bots yet.</Text>
      ) : (
        <DataTable label="Bots" minWidth={820} busy={bots.loading && bots.data === undefined}>
          <thead>
            <tr>
              <th>Name</th>
              <th>Instrument</th>
              <th>Connection</th>
              <th>Grid</th>
              <th data-num>Open groups</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {items.map((b) => {
              const g = b.settings.grid
              return (
                <tr key={b.id}>
                  <td>
                    <Text fw={600} size="sm">
                      {b.name}
                    </Text>
                    {!b.enabled && (
                      <Badge color="gray" variant="light">
                        Paused
                      </Badge>
                    )}
                    {b.watchId && (
                      <Text size="xs" c="dimmed">
                        Also trades the signals of{" "}
                        {watches.data?.items.find((w) => w.id === b.watchId)?.strategyName ??
                          "a watch"}
                      </Text>
                    )}
                  </td>
                  <td>{b.symbol}</td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    {b.connectionName}{" "}
                    <Badge color={MODE_COLORS[b.mode]} variant="light">
                      {b.mode}
                    </Badge>
                  </td>
                  <td>
                    <Text size="sm">
                      {g.baseOrder} + {g.maxSafetyOrders} × {g.safetyOrder}, {g.deviationPercent}%
                      apart
                    </Text>
                    <Text size="xs" c="dimmed">
                      Take-profit {g.takeProfitPercent}% {TAKE_PROFIT_LABELS[b.settings.takeProfit]}
                      {b.settings.stopLossPercent && `, stop-loss ${b.settings.stopLossPercent}%`}
                    </Text>
                  </td>
                  <td data-num>{b.openGroups}</td>
                  <td>
                    <RowActions
                      what={b.name}
                      onEdit={() => setEditing({ mode: "edit", row: b })}
                      onDelete={() => setDeleting(b)}
                    />
                  </td>
                </tr>
              )
            })}
          </tbody>
        </DataTable>
      )}
      <TradingViewPanel bots={items} />
      <Title order={2} size="h3">
        Signals received
      </Title>
      <FormError message={signals.error?.message ?? null} />
      <ReceivedSignals
        signals={signals.data?.items ?? []}
        busy={signals.loading && signals.data === undefined}
      />

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === "edit" ? "Edit bot" : "New bot"}
        size="xl"
      >
        {editing && (
          <BotForm
            {...(editing.mode === "edit" ? { bot: editing.row } : {})}
            connections={connections.data?.items ?? []}
            watches={watches.data?.items ?? []}
            onSaved={saved}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
      <ConfirmDelete
        item={deleting}
        title="Delete bot"
        question={(b) =>
          `Delete the bot “${b.name}” and the history of its closed groups? Its fills stay in the portfolio.`
        }
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={(b) => void remove(b)}
      />
    </Stack>
  )
}

export default BotsPage
