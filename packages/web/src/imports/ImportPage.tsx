import { Alert, Button, FileInput, Group, Paper, Select, Stack, Text, Title } from "@mantine/core"
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, type PortfolioId } from "@trading-app/domain"
import { useEffect, useState } from "react"
import { call } from "../api/client.js"
import { importApi } from "../api/importClient.js"
import { messageOf } from "../api/problem.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { saveText } from "../lib/download.js"
import { notify } from "../lib/notify.js"
import { usePortfolioList } from "../stores/portfolios.js"
import { useCanWrite } from "../stores/session.js"
import { ImportRuns } from "./ImportRuns.js"
import { ReadSettings } from "./ReadSettings.js"
import { ReviewGrid } from "./ReviewGrid.js"
import { SavedMappings } from "./SavedMappings.js"
import { useImport } from "./store.js"

const MIB = MAX_IMPORT_BYTES / 1024 / 1024

/** Activities in and out of a portfolio: CSV upload, review, commit and undo; CSV download. */
const ImportPage = () => {
  const canWrite = useCanWrite()
  const portfolios = usePortfolioList()
  const [portfolioId, setPortfolioId] = useState<PortfolioId | null>(null)
  const [file, setFile] = useState<File | null>(null)
  const [revision, setRevision] = useState(0)
  const [exporting, setExporting] = useState(false)
  const state = useImport()
  const { upload, choices, preview } = state

  useEffect(() => {
    if (portfolioId === null && portfolios?.[0]) setPortfolioId(portfolios[0].id)
  }, [portfolios, portfolioId])
  // A review in progress belongs to this visit only.
  useEffect(() => () => useImport.getState().reset(), [])

  const tooLarge = file !== null && file.size > MAX_IMPORT_BYTES
  const download = async () => {
    if (portfolioId === null) return
    setExporting(true)
    try {
      const text = await call(importApi.imports.exportActivities({ urlParams: { portfolioId } }))
      const name = portfolios?.find((p) => p.id === portfolioId)?.name ?? "portfolio"
      saveText(`${name}-activities-${new Date().toISOString().slice(0, 10)}.csv`, text, "text/csv")
    } catch (e) {
      notify({ color: "red", title: "Download failed", message: messageOf(e) })
    } finally {
      setExporting(false)
    }
  }
  const commit = async () => {
    const run = await state.commit()
    if (run === null) return
    notify({
      color: "teal",
      title: "Imported",
      message: `${run.imported} activities added from ${run.fileName}.`
    })
    setFile(null)
    setRevision((r) => r + 1)
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Import and export
      </Title>
      <ReadOnlyNote />
      <Group align="flex-end" wrap="wrap">
        <Select
          label="Portfolio"
          data={(portfolios ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={portfolioId}
          allowDeselect={false}
          disabled={upload !== null}
          onChange={(v) => v && setPortfolioId(v as PortfolioId)}
        />
        <Button
          variant="default"
          loading={exporting}
          disabled={portfolioId === null}
          onClick={() => void download()}
        >
          Download activities (CSV)
        </Button>
      </Group>

      {upload === null ? (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Import a file
            </Title>
            <Text size="sm" c="dimmed">
              A CSV file of up to {MIB} MiB and {MAX_IMPORT_ROWS.toLocaleString()} rows: this app's
              own export, Ghostfolio's or Wealthfolio's activities, Coinbase's transaction history,
              Binance's trade history, or any other file whose columns you map. Nothing is recorded
              until you have reviewed every row.
            </Text>
            <Group align="flex-end">
              <FileInput
                label="CSV file"
                placeholder="Choose a file"
                accept=".csv,.txt,text/csv"
                value={file}
                onChange={setFile}
                clearable
                w={320}
                error={tooLarge ? `The file is larger than ${MIB} MiB` : undefined}
              />
              <Button
                disabled={file === null || tooLarge || portfolioId === null || !canWrite}
                loading={state.uploading}
                onClick={() => file && portfolioId && void state.start(portfolioId, file)}
              >
                Upload and review
              </Button>
            </Group>
            {state.error && (
              <Alert color="red" role="alert" title="The file was not taken">
                {state.error}
              </Alert>
            )}
          </Stack>
        </Paper>
      ) : (
        <Stack gap="md">
          <Group justify="space-between">
            <Text fw={500}>
              {upload.fileName} · {(upload.size / 1024).toFixed(1)} KiB
            </Text>
            <Button variant="subtle" onClick={() => state.reset()}>
              Cancel this import
            </Button>
          </Group>
          {choices && <ReadSettings choices={choices} />}
          {choices && portfolioId && choices.preset === "custom" && (
            <SavedMappings portfolioId={portfolioId} choices={choices} />
          )}
          {state.error && (
            <Alert color="red" role="alert" title="Could not review the file">
              {state.error}
            </Alert>
          )}
          <ReviewGrid />
          {preview && (
            <Group justify="flex-end">
              <Text size="sm" c="dimmed">
                {preview.counts.duplicates} duplicate(s) and {preview.counts.invalid} row(s) with
                problems are left out.
              </Text>
              <Button
                loading={state.committing}
                disabled={preview.counts.ready === 0 || state.loading}
                onClick={() => void commit()}
              >
                {preview.counts.ready === 0
                  ? "Nothing to import"
                  : `Import ${preview.counts.ready} ${preview.counts.ready === 1 ? "activity" : "activities"}`}
              </Button>
            </Group>
          )}
        </Stack>
      )}

      {portfolioId && (
        <ImportRuns portfolioId={portfolioId} revision={revision} canWrite={canWrite} />
      )}
    </Stack>
  )
}

export default ImportPage
