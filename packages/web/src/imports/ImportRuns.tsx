import { Alert, Badge, Button, Group, Stack, Text, Title } from "@mantine/core"
import type { ImportRun, PortfolioId } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { importApi } from "../api/importClient.js"
import { messageOf } from "../api/problem.js"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"

/** The imports into a portfolio, each with what it added and a way to undo it. */
export const ImportRuns = ({
  portfolioId,
  revision,
  canWrite
}: {
  readonly portfolioId: PortfolioId
  readonly revision: number
  readonly canWrite: boolean
}) => {
  const runs = useApi(
    () => importApi.imports.runs({ urlParams: { portfolioId } }),
    [portfolioId, revision]
  )
  const [busy, setBusy] = useState<string | null>(null)
  const undo = async (run: ImportRun) => {
    setBusy(run.id)
    try {
      await call(importApi.imports.undo({ path: { runId: run.id } }))
      notify({
        color: "teal",
        title: "Import undone",
        message: `The ${run.imported} activities of ${run.fileName} were removed.`
      })
      runs.reload()
    } catch (e) {
      notify({ color: "red", title: "Not undone", message: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  const items = runs.data?.items ?? []
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Earlier imports
      </Title>
      {runs.error && <Alert color="red">{runs.error.message}</Alert>}
      {items.length === 0 && !runs.loading ? (
        <Text size="sm" c="dimmed">
          No file was imported into this portfolio yet.
        </Text>
      ) : (
        <DataTable label="Earlier imports" minWidth={760} busy={runs.loading}>
          <thead>
            <tr>
              <th>When</th>
              <th>File</th>
              <th>Format</th>
              <th data-num>Added</th>
              <th data-num>Duplicates</th>
              <th data-num>Problems</th>
              <th data-num>Excluded</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((run) => (
              <tr key={run.id}>
                <td style={{ whiteSpace: "nowrap" }}>{formatDateTime(run.createdAt)}</td>
                <td>{run.fileName}</td>
                <td>{run.preset}</td>
                <td data-num>{run.imported}</td>
                <td data-num>{run.duplicates}</td>
                <td data-num>{run.invalid}</td>
                <td data-num>{run.excluded}</td>
                <td>
                  {run.undoneAt ? (
                    <Badge color="gray" variant="light" miw="max-content">
                      Undone {formatDateTime(run.undoneAt)}
                    </Badge>
                  ) : (
                    <Group justify="flex-end">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        disabled={!canWrite}
                        loading={busy === run.id}
                        onClick={() => void undo(run)}
                      >
                        Undo
                      </Button>
                    </Group>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </Stack>
  )
}
