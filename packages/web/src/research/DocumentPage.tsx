import { Anchor, Button, Group, Modal, Stack, Text, Title } from "@mantine/core"
import type { ResearchDocumentId } from "@trading-app/domain"
import { useState } from "react"
import { Link, useNavigate, useParams } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { PageLoader } from "../layout/PageLoader.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useCanWrite } from "../stores/session.js"
import { DocumentState, reading } from "./DocumentsPage.js"
import { DraftCard } from "./DraftCard.js"

/** One research document: how its reading went, and the strategy drafts found in it. */
export const DocumentPage = () => {
  const documentId = useParams().documentId as ResearchDocumentId
  const canWrite = useCanWrite()
  const navigate = useNavigate()
  const loaded = useApi(() => researchApi.documents.get({ path: { documentId } }), [documentId])
  const [deleting, setDeleting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const document = loaded.data
  useInterval(() => {
    if (document !== undefined && reading(document)) loaded.reload()
  }, 1000)
  if (document === undefined)
    return loaded.error ? <FormError message={loaded.error.message} /> : <PageLoader />

  const act = async (what: () => Promise<unknown>, after: () => void) => {
    setError(null)
    try {
      await what()
      after()
    } catch (e) {
      setError(messageOf(e))
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {document.title ?? document.name}
        </Title>
        {canWrite && (
          <Button variant="default" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {document.name}
        {document.pages === null ? "" : ` · ${document.pages} pages`} ·{" "}
        <Anchor component={Link} to="/research">
          All documents
        </Anchor>
      </Text>
      <DocumentState document={document} />
      <FormError message={error} />
      {document.strategyDrafts.length > 0 && (
        <Title order={2} size="h3">
          Strategy drafts
        </Title>
      )}
      {document.strategyDrafts.map((draft) => (
        <DraftCard
          key={draft.id}
          draft={draft}
          canWrite={canWrite}
          onDismiss={() =>
            void act(
              () => call(researchApi.documents.dismissDraft({ path: { draftId: draft.id } })),
              loaded.reload
            )
          }
        />
      ))}
      <Modal opened={deleting} onClose={() => setDeleting(false)} title="Delete document">
        <Stack>
          <Text>
            Delete “{document.name}” here and at the Librarian, with its drafts? Strategies saved
            from it stay.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={() =>
                void act(
                  () => call(researchApi.documents.delete({ path: { documentId } })),
                  () => {
                    notify({ color: "teal", title: "Document deleted", message: document.name })
                    navigate("/research")
                  }
                )
              }
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}

export default DocumentPage
