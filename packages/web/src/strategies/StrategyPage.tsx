import { Anchor, Badge, Button, Group, Modal, Stack, Text, Title } from "@mantine/core"
import {
  type ResearchDocumentId,
  type Strategy,
  StrategyDocument,
  type StrategyDocumentEncoded,
  type StrategyDraftId,
  type StrategyId
} from "@trading-app/domain"
import { Schema } from "effect"
import { lazy, Suspense, useState } from "react"
import { Link, useNavigate, useParams, useSearchParams } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useCanWrite } from "../stores/session.js"
import { BacktestPanel } from "./BacktestPanel.js"
import { SearchPanel } from "./SearchPanel.js"
import { type StrategyDraft, StrategyForm } from "./StrategyForm.js"

// Below the fold, with its own requests: loaded after the page.
const WatchPanel = lazy(() =>
  import("../signals/WatchPanel.js").then((m) => ({ default: m.WatchPanel }))
)

const encode = Schema.encodeSync(StrategyDocument)

const BLANK: StrategyDocumentEncoded = {
  schemaVersion: 1,
  symbols: [],
  timeframe: "1d",
  entry: {
    rule: "compare",
    left: { price: "close" },
    is: ">",
    right: { indicator: "sma", period: 50 }
  },
  sizing: { type: "percentOfEquity", percent: 100 }
}

/** A draft's document over the blank one, so every field the form shows is there to edit. */
const fromDraft = (document: unknown): StrategyDocumentEncoded => {
  const given = (typeof document === "object" && document !== null ? document : {}) as Record<
    string,
    unknown
  >
  const sizing = given.sizing as { type?: unknown } | undefined
  return {
    ...BLANK,
    ...given,
    symbols: Array.isArray(given.symbols) ? given.symbols : [],
    sizing:
      sizing?.type === "fixed" || sizing?.type === "percentOfEquity" ? given.sizing : BLANK.sizing
  } as StrategyDocumentEncoded
}

/**
 * A new strategy: blank, from a template (`?template=`), or from a research document's draft
 * (`?draft=&document=`), which is then marked as saved.
 */
const NewStrategy = () => {
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const key = params.get("template")
  const draftId = params.get("draft") as StrategyDraftId | null
  const documentId = params.get("document") as ResearchDocumentId | null
  const templates = useApi(() => researchApi.strategies.templates(), [], { enabled: key !== null })
  const source = useApi(
    () => researchApi.documents.get({ path: { documentId: documentId as ResearchDocumentId } }),
    [documentId],
    { enabled: documentId !== null }
  )
  const waiting = (enabled: boolean, state: { data?: unknown; error?: unknown }) =>
    enabled && state.data === undefined && state.error === undefined
  if (waiting(key !== null, templates) || waiting(documentId !== null, source))
    return <PageLoader />
  const template = templates.data?.items.find((t) => t.key === key)
  const draft = source.data?.strategyDrafts.find((d) => d.id === draftId)
  const initial: StrategyDraft =
    draft !== undefined
      ? { name: draft.title, description: draft.rationale, document: fromDraft(draft.document) }
      : template === undefined
        ? { name: "", description: "", document: BLANK }
        : {
            name: template.name,
            description: template.description,
            document: encode(template.document)
          }
  return (
    <Stack>
      <Title order={1} size="h2">
        New strategy
      </Title>
      {key !== null && template === undefined && (
        <FormError message={templates.error?.message ?? `There is no template “${key}”.`} />
      )}
      {draftId !== null && draft === undefined && (
        <FormError message={source.error?.message ?? "There is no such draft."} />
      )}
      {draft !== undefined && (
        <Text size="sm" c="dimmed">
          Drafted by the Librarian from “{source.data?.name}”
          {draft.passage.page === null ? "" : `, page ${draft.passage.page}`}: “
          {draft.passage.text.slice(0, 300)}”
        </Text>
      )}
      <StrategyForm
        initial={initial}
        {...(draft === undefined ? {} : { draftId: draft.id })}
        onSaved={(saved) => {
          notify({ color: "teal", title: "Strategy saved", message: saved.name })
          navigate(`/strategies/${saved.id}`)
        }}
      />
    </Stack>
  )
}

/** A saved strategy: its editor, its backtests, its versions, and deletion. */
const SavedStrategy = ({ id }: { readonly id: StrategyId }) => {
  const canWrite = useCanWrite()
  const navigate = useNavigate()
  const loaded = useApi(() => researchApi.strategies.get({ path: { strategyId: id } }), [id])
  const [current, setCurrent] = useState<Strategy | null>(null)
  const [deleting, setDeleting] = useState(false)
  const [deleteError, setDeleteError] = useState<string | null>(null)
  const strategy = current?.id === id ? current : loaded.data
  if (strategy === undefined)
    return loaded.error ? <FormError message={loaded.error.message} /> : <PageLoader />

  const remove = async () => {
    try {
      await call(researchApi.strategies.delete({ path: { strategyId: id } }))
      notify({ color: "teal", title: "Strategy deleted", message: strategy.name })
      navigate("/strategies")
    } catch (e) {
      setDeleteError(messageOf(e))
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2">
            {strategy.name}
          </Title>
          <Badge variant="light">version {strategy.version}</Badge>
        </Group>
        {canWrite && (
          <Button variant="default" color="red" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Changed {formatDateTime(strategy.updatedAt)}.{" "}
        <Anchor component={Link} to="/strategies">
          All strategies
        </Anchor>
      </Text>
      <ReadOnlyNote />
      <StrategyForm
        key={`${strategy.id}/${strategy.version}`}
        strategy={strategy}
        initial={{
          name: strategy.name,
          description: strategy.description,
          document: encode(strategy.document)
        }}
        onSaved={(saved) => {
          notify({
            color: "teal",
            title: "Strategy saved",
            message:
              saved.version === strategy.version
                ? saved.name
                : `${saved.name}: the document is now version ${saved.version}`
          })
          setCurrent(saved)
        }}
      />
      <BacktestPanel strategy={strategy} />
      <SearchPanel strategy={strategy} />
      <Suspense fallback={null}>
        <WatchPanel strategy={strategy} />
      </Suspense>
      <Modal opened={deleting} onClose={() => setDeleting(false)} title="Delete strategy">
        <Stack>
          <FormError message={deleteError} />
          <Text>
            Delete “{strategy.name}” with all its versions and backtests? This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(false)}>
              Cancel
            </Button>
            <Button color="red" onClick={() => void remove()}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}

export const StrategyPage = () => {
  const { strategyId } = useParams()
  return strategyId === undefined ? (
    <NewStrategy />
  ) : (
    <SavedStrategy id={strategyId as StrategyId} />
  )
}

export default StrategyPage
