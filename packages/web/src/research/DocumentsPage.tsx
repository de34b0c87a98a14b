import {
  Anchor,
  Button,
  FileInput,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  Title
} from "@mantine/core"
import { MAX_DOCUMENT_BYTES, type ResearchDocument } from "@trading-app/domain"
import { useState } from "react"
import { Link, useNavigate } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { formatDateTime, toneStyle } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useCanWrite } from "../stores/session.js"

const MIB = MAX_DOCUMENT_BYTES / 1024 / 1024

export const reading = (d: ResearchDocument) => d.state !== "ready" && d.state !== "failed"

const STEP: Record<ResearchDocument["state"], number> = {
  queued: 5,
  ingesting: 30,
  drafting: 70,
  ready: 100,
  failed: 100
}

/** A document's state: its progress while it is read, then what came of it. */
export const DocumentState = ({ document }: { readonly document: ResearchDocument }) =>
  reading(document) ? (
    <Stack gap={2}>
      <Text size="sm">{document.message}</Text>
      <Progress value={STEP[document.state]} size="sm" aria-label={document.message} />
    </Stack>
  ) : (
    <Text size="sm" style={toneStyle(document.state === "failed" ? "red" : undefined)}>
      {document.message}
    </Text>
  )

/** Research documents: upload one, follow its reading, open its strategy drafts. */
export const DocumentsPage = () => {
  const canWrite = useCanWrite()
  const navigate = useNavigate()
  const documents = useApi(() => researchApi.documents.list(), [])
  const [file, setFile] = useState<File | null>(null)
  const [uploading, setUploading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const items = documents.data?.items ?? []
  useInterval(() => {
    if (items.some(reading)) documents.reload()
  }, 1500)
  const tooLarge = file !== null && file.size > MAX_DOCUMENT_BYTES

  const upload = async () => {
    if (file === null) return
    setUploading(true)
    setError(null)
    try {
      const document = await call(
        researchApi.documents.upload({
          urlParams: { name: file.name },
          payload: new Uint8Array(await file.arrayBuffer())
        })
      )
      navigate(`/research/${document.id}`)
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setUploading(false)
    }
  }

  return (
    <Stack>
      <Title order={1} size="h2">
        Research documents
      </Title>
      <Text c="dimmed" size="sm">
        Papers, notes and reports you hand to the Librarian. It keeps and indexes them, drafts the
        strategies it reads in them for you to review next to the passage they come from, and the
        assistant can answer questions about them.{" "}
        <Anchor component={Link} to="/strategies">
          Your strategies
        </Anchor>
      </Text>
      <ReadOnlyNote />
      {canWrite && (
        <Paper withBorder p="md">
          <Group
            component="form"
            align="flex-end"
            onSubmit={(e) => {
              e.preventDefault()
              void upload()
            }}
          >
            <FileInput
              label="Document"
              description={`PDF, Markdown or text, up to ${MIB} MiB`}
              placeholder="Choose a file"
              accept=".pdf,.md,.markdown,.txt,application/pdf,text/markdown,text/plain"
              value={file}
              onChange={setFile}
              clearable
              w={320}
              error={tooLarge ? `The file is larger than ${MIB} MiB` : undefined}
            />
            <Button type="submit" disabled={file === null || tooLarge} loading={uploading}>
              Upload and read
            </Button>
          </Group>
        </Paper>
      )}
      <FormError message={error ?? documents.error?.message ?? null} />
      <DataTable
        label="Documents"
        minWidth={600}
        busy={documents.loading && documents.data === undefined}
      >
        <thead>
          <tr>
            <th>Document</th>
            <th>State</th>
            <th data-num>Drafts</th>
            <th>Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr key={d.id}>
              <td style={{ fontWeight: 600 }}>
                <Anchor component={Link} to={`/research/${d.id}`}>
                  {d.title ?? d.name}
                </Anchor>
                {d.title !== null && d.title !== d.name && (
                  <Text size="xs" c="dimmed">
                    {d.name}
                  </Text>
                )}
              </td>
              <td>
                <DocumentState document={d} />
              </td>
              <td data-num>{d.drafts}</td>
              <td>{formatDateTime(d.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {documents.data !== undefined && items.length === 0 && (
        <Text c="dimmed" ta="center">
          No documents yet. Upload a paper or your own notes to have strategies drafted from them.
        </Text>
      )}
    </Stack>
  )
}

export default DocumentsPage
