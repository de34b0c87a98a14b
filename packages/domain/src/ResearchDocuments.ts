import { Schema } from "effect"
import { ResearchDocumentId, StrategyDraftId, StrategyId } from "./Ids.js"
import { Timestamp } from "./Timestamp.js"

/** The upload route, which takes a file instead of JSON (the server admits its larger body). */
export const DOCUMENT_UPLOAD_PATH = "/api/research/documents"
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
/** Research documents one account may keep. */
export const MAX_DOCUMENTS = 50

/** The kinds of file taken, by their names' endings. */
export const DOCUMENT_TYPES = {
  pdf: "application/pdf",
  md: "text/markdown",
  markdown: "text/markdown",
  txt: "text/plain"
} as const

export const DocumentUploadParams = Schema.Struct({
  name: Schema.Trim.pipe(
    Schema.minLength(1, { message: () => "name is required" }),
    Schema.maxLength(255, { message: () => "name must be at most 255 characters" }),
    Schema.filter(
      (name) =>
        /\.(pdf|md|markdown|txt)$/i.test(name) || "name must end in .pdf, .md, .markdown or .txt",
      {
        // Generated names end well, rather than being drawn until one happens to.
        arbitrary: () => (fc) =>
          fc
            .tuple(
              fc.string({ minLength: 1, maxLength: 40 }),
              fc.constantFrom(".pdf", ".md", ".txt")
            )
            .map(([stem, ending]) => `${stem.trim() || "notes"}${ending}`)
      }
    )
  ).annotations({ description: "The file's name; its ending (.pdf, .md, .txt) says its kind" })
})
export type DocumentUploadParams = typeof DocumentUploadParams.Type

export const ResearchDocumentState = Schema.Literal(
  "queued",
  "ingesting",
  "drafting",
  "ready",
  "failed"
)

/** A research document handed to the Librarian, and how far its reading has come. */
export const ResearchDocument = Schema.Struct({
  id: ResearchDocumentId,
  name: Schema.String,
  contentType: Schema.String,
  sizeBytes: Schema.Int,
  state: ResearchDocumentState,
  message: Schema.String,
  title: Schema.NullOr(Schema.String),
  pages: Schema.NullOr(Schema.Int),
  drafts: Schema.Int.annotations({ description: "Strategy drafts read from it" }),
  createdAt: Timestamp,
  finishedAt: Schema.NullOr(Timestamp)
}).annotations({ identifier: "ResearchDocument" })
export type ResearchDocument = typeof ResearchDocument.Type

export const ResearchDocumentList = Schema.Struct({
  items: Schema.Array(ResearchDocument)
}).annotations({ identifier: "ResearchDocumentList" })

export const Passage = Schema.Struct({
  text: Schema.String,
  page: Schema.NullOr(Schema.Int),
  start: Schema.Int,
  end: Schema.Int
}).annotations({ identifier: "Passage" })

/**
 * A strategy the Librarian read in a passage of a document, as it wrote it: `document` is
 * checked when the user saves it (`issues` counts what is to fix first).
 */
export const StrategyDraft = Schema.Struct({
  id: StrategyDraftId,
  documentId: ResearchDocumentId,
  title: Schema.String,
  rationale: Schema.String,
  passage: Passage,
  document: Schema.Unknown,
  issues: Schema.Int,
  strategyId: Schema.NullOr(StrategyId).annotations({ description: "Saved as this strategy" }),
  dismissed: Schema.Boolean
}).annotations({ identifier: "StrategyDraft" })
export type StrategyDraft = typeof StrategyDraft.Type

export const ResearchDocumentWithDrafts = Schema.Struct({
  ...ResearchDocument.fields,
  strategyDrafts: Schema.Array(StrategyDraft)
}).annotations({ identifier: "ResearchDocumentWithDrafts" })
export type ResearchDocumentWithDrafts = typeof ResearchDocumentWithDrafts.Type
