import { Alert, Button, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core"
import { useDebouncedValue } from "@mantine/hooks"
import {
  type AuditEntry,
  AuditExportQuery,
  AuditQuery,
  type ExportFormat,
  type SystemLogEntry,
  SystemLogExportQuery,
  SystemLogQuery
} from "@trading-app/domain"
import { useCallback, useState } from "react"
import { useSearchParams } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { staffApi } from "../api/staffClient.js"
import { ListFooter } from "../components/ListFooter.js"
import { saveText } from "../lib/download.js"
import { localDayStart } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { usePagedList } from "../lib/usePagedList.js"
import { validated } from "../lib/validate.js"
import { AuditTable } from "./AuditTable.js"
import { LogFilters, type LogFilterValues, noLogFilters } from "./LogFilters.js"
import { SystemLogTable } from "./SystemLogTable.js"

type Log = "audit" | "system"

/** The API's filters of the form's: dates are whole local days, `to` included. */
const filtersOf = (log: Log, f: LogFilterValues, userId: string | null) => ({
  ...(f.from ? { from: localDayStart(f.from) } : {}),
  ...(f.to ? { to: localDayStart(f.to, 1) } : {}),
  ...(f.category ? { category: f.category } : {}),
  ...(log === "audit" && f.action ? { action: f.action } : {}),
  ...(log === "system" && f.level ? { level: f.level } : {}),
  ...(userId ? { userId } : {})
})

/** One log's entries matching the filters, a page at a time. */
const LogView = ({
  log,
  filters,
  userId
}: {
  readonly log: Log
  readonly filters: LogFilterValues
  readonly userId: string | null
}) => {
  const fetchPage = useCallback(
    async (cursor: string | undefined, signal?: AbortSignal) => {
      const query = {
        ...filtersOf(log, filters, userId),
        limit: "50",
        ...(cursor ? { cursor } : {})
      }
      return log === "audit"
        ? call(staffApi.logs.audit({ urlParams: await validated(AuditQuery, query) }), signal)
        : call(staffApi.logs.system({ urlParams: await validated(SystemLogQuery, query) }), signal)
    },
    [log, filters, userId]
  )
  const { rows, nextCursor, loading, error, loadMore } = usePagedList<AuditEntry | SystemLogEntry>(
    fetchPage,
    [fetchPage]
  )
  return (
    <>
      {error && (
        <Alert color="red" role="alert" title="Could not load the log">
          {error}
        </Alert>
      )}
      {log === "audit" ? (
        <AuditTable entries={rows as ReadonlyArray<AuditEntry>} busy={loading} />
      ) : (
        <SystemLogTable entries={rows as ReadonlyArray<SystemLogEntry>} busy={loading} />
      )}
      <ListFooter
        loading={loading}
        loadingLabel="Loading log entries"
        empty={rows.length === 0 && !error}
        emptyText="No entry matches these filters."
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />
    </>
  )
}

/** Both logs for managers and administrators: filter, page through, export. */
const LogsPage = () => {
  const [params, setParams] = useSearchParams()
  const log: Log = params.get("log") === "system" ? "system" : "audit"
  const userId = params.get("userId")
  const [filters, setFilters] = useState<LogFilterValues>(noLogFilters)
  const [debounced] = useDebouncedValue(filters, 250)
  const [exporting, setExporting] = useState<ExportFormat | null>(null)

  const download = async (format: ExportFormat) => {
    setExporting(format)
    try {
      const query = { ...filtersOf(log, debounced, userId), format }
      const text =
        log === "audit"
          ? await call(
              staffApi.logs.exportAudit({ urlParams: await validated(AuditExportQuery, query) })
            )
          : await call(
              staffApi.logs.exportSystem({
                urlParams: await validated(SystemLogExportQuery, query)
              })
            )
      const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, "-")
      saveText(
        `${log}-log-${stamp}.${format}`,
        text,
        format === "csv" ? "text/csv" : "application/json"
      )
    } catch (e) {
      notify({ color: "red", title: "Export failed", message: messageOf(e) })
    } finally {
      setExporting(null)
    }
  }

  const switchTo = (next: string) => {
    setFilters(noLogFilters)
    setParams((p) => {
      p.set("log", next)
      return p
    })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Logs
        </Title>
        <Group gap="xs">
          <Button
            variant="default"
            loading={exporting === "csv"}
            onClick={() => void download("csv")}
          >
            Export CSV
          </Button>
          <Button
            variant="default"
            loading={exporting === "json"}
            onClick={() => void download("json")}
          >
            Export JSON
          </Button>
        </Group>
      </Group>
      <SegmentedControl
        value={log}
        onChange={switchTo}
        data={[
          { value: "audit", label: "Audit log" },
          { value: "system", label: "System log" }
        ]}
        w="fit-content"
        aria-label="Which log"
      />
      <Text size="sm" c="dimmed">
        {log === "audit"
          ? "Who did what to which account, from where: sign-ins, role changes, deletions, exports."
          : "Warnings and errors of every server process."}
      </Text>
      <LogFilters
        log={log}
        filters={filters}
        onChange={setFilters}
        user={userId}
        onClearUser={() =>
          setParams((p) => {
            p.delete("userId")
            return p
          })
        }
      />
      <LogView key={log} log={log} filters={debounced} userId={userId} />
    </Stack>
  )
}

export default LogsPage
