import { Alert, Badge, Button, Group, Paper, Progress, Stack, Text, Title } from "@mantine/core"
import type { AccountExport } from "@trading-app/domain"
import { useState } from "react"
import { accountApi } from "../api/accountClient.js"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { useEvents } from "../events/store.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { saveText } from "../lib/download.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"

const STATE_COLORS = { queued: "gray", running: "blue", ready: "teal", failed: "red" } as const

/** One export as the page shows it: the stored state, overtaken by live progress when newer. */
const ExportRow = ({ item }: { readonly item: AccountExport }) => {
  const live = useEvents((s) => s.jobs[item.id])
  const [busy, setBusy] = useState(false)
  const shown =
    live !== undefined && (item.state === "queued" || item.state === "running")
      ? { state: live.state, percent: live.percent, message: live.message }
      : item
  const download = async () => {
    setBusy(true)
    try {
      const text = await call(accountApi.account.downloadExport({ path: { exportId: item.id } }))
      saveText(`trading-app-export-${item.createdAt.slice(0, 10)}.json`, text, "application/json")
    } catch (e) {
      notify({ color: "red", title: "Download failed", message: messageOf(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Paper withBorder p="sm">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text size="sm" fw={500}>
              {formatDateTime(item.createdAt)}
            </Text>
            <Badge variant="light" color={STATE_COLORS[shown.state]} miw="max-content">
              {shown.state}
            </Badge>
          </Group>
          {shown.state === "ready" && (
            <Button size="xs" variant="default" loading={busy} onClick={() => void download()}>
              Download
            </Button>
          )}
        </Group>
        {(shown.state === "queued" || shown.state === "running") && (
          <Progress value={shown.percent} animated aria-label="Export progress" />
        )}
        <Text size="xs" c="dimmed">
          {shown.message}
          {item.sizeBytes !== null && ` · ${(item.sizeBytes / 1000).toFixed(1)} KB`}
        </Text>
      </Stack>
    </Paper>
  )
}

/** Takes everything the account holds out as one JSON file, made in the background. */
export const DataExport = () => {
  const exports = useApi(() => accountApi.account.exports(), [])
  const [starting, setStarting] = useState(false)
  // A job's progress arrived: its end changes the stored state (ready, size).
  useLiveReload(exports.reload, ["jobs"], 2000)
  const items = exports.data?.items ?? []
  const start = async () => {
    setStarting(true)
    try {
      await call(accountApi.account.startExport())
      exports.reload()
    } catch (e) {
      notify({ color: "red", title: "Could not start the export", message: messageOf(e) })
    } finally {
      setStarting(false)
    }
  }
  const active = items.some((i) => i.state === "queued" || i.state === "running")
  return (
    <Stack>
      <Title order={2} size="h3">
        Your data
      </Title>
      <Text size="sm" c="dimmed">
        One JSON file with your profile, portfolios, every activity and your conversations with the
        assistant. It is made in the background and kept for a day.
      </Text>
      <Group>
        <Button onClick={() => void start()} loading={starting} disabled={active}>
          Export all my data
        </Button>
      </Group>
      {exports.error && <Alert color="red">{exports.error.message}</Alert>}
      {items.map((item) => (
        <ExportRow key={item.id} item={item} />
      ))}
    </Stack>
  )
}
