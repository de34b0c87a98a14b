import { SqlClient } from "@effect/sql"
import {
  Conflict,
  type JobProgress,
  type LibrarianStrategyDraft,
  MAX_DOCUMENTS,
  NotFound,
  ResearchDocument,
  type ResearchDocumentId,
  StrategyDraft,
  type StrategyDraftId,
  type UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { withKeyLocks } from "../Database/KeyLock.js"
import { rowsDecoder } from "../Database/RowDecoder.js"
import { isoTimestamp } from "../Database/SqlTime.js"

const decode = rowsDecoder(Schema.typeSchema(ResearchDocument))
const decodeDrafts = rowsDecoder(Schema.typeSchema(StrategyDraft))

export const documentNotFound = new NotFound({ message: "Document not found" })
export const draftNotFound = new NotFound({ message: "Draft not found" })

export type DocumentState = ResearchDocument["state"]

export interface NewDocument {
  readonly name: string
  readonly contentType: string
  readonly bytes: Uint8Array
  readonly sha256: string
}

/** Research documents and their strategy drafts, always scoped by the owner's id in SQL. */
export class DocumentsRepo extends Effect.Service<DocumentsRepo>()("DocumentsRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`d.id, d.name, d.content_type AS "contentType",
      d.size_bytes AS "sizeBytes", d.state, d.message, d.title, d.pages,
      (SELECT count(*)::int FROM app_data.strategy_drafts s WHERE s.document_id = d.id) AS drafts,
      ${isoTimestamp("d.created_at", "createdAt")}, ${isoTimestamp("d.finished_at", "finishedAt")}`)

    const find = (userId: UserId, id: ResearchDocumentId) =>
      sql`SELECT ${columns} FROM app_data.research_documents d
          WHERE d.id = ${id} AND d.user_id = ${userId}`.pipe(
        Effect.flatMap(decode),
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(documentNotFound) : Effect.succeed(rows[0])
        ),
        Effect.withSpan("DocumentsRepo.find")
      )

    /**
     * A new queued document with its bytes, and (through `enqueue`) its job, in one transaction
     * under the account's lock; the same file again answers the document already there.
     */
    const create = <E, R>(
      userId: UserId,
      input: NewDocument,
      enqueue: (id: ResearchDocumentId) => Effect.Effect<unknown, E, R>
    ) =>
      Effect.gen(function* () {
        const [same] = yield* sql<{ id: ResearchDocumentId }>`
          SELECT id FROM app_data.research_documents
          WHERE user_id = ${userId} AND sha256 = ${input.sha256}`
        if (same !== undefined) return same.id
        const [{ n }] = (yield* sql<{ n: number }>`
          SELECT count(*)::int AS n FROM app_data.research_documents
          WHERE user_id = ${userId}`) as [{ n: number }]
        if (n >= MAX_DOCUMENTS)
          return yield* new Conflict({
            message: `You have ${MAX_DOCUMENTS} documents, the most an account keeps; delete one first`
          })
        const [row] = yield* sql<{ id: ResearchDocumentId }>`
          INSERT INTO app_data.research_documents
            (user_id, name, content_type, size_bytes, sha256, content)
          VALUES (${userId}, ${input.name}, ${input.contentType}, ${input.bytes.byteLength},
            ${input.sha256}, ${input.bytes})
          RETURNING id`
        const id = (row as { id: ResearchDocumentId }).id
        yield* enqueue(id)
        return id
      }).pipe(
        withKeyLocks(sql, [`documents:${userId}`]),
        Effect.catchTag("SqlError", Effect.die),
        Effect.flatMap((id) => Effect.orDie(find(userId, id))),
        Effect.withSpan("DocumentsRepo.create")
      )

    const list = (userId: UserId) =>
      sql`SELECT ${columns} FROM app_data.research_documents d WHERE d.user_id = ${userId}
          ORDER BY d.created_at DESC, d.id`.pipe(
        Effect.flatMap(decode),
        Effect.orDie,
        Effect.withSpan("DocumentsRepo.list")
      )

    const drafts = (userId: UserId, id: ResearchDocumentId) =>
      sql`SELECT id, document_id AS "documentId", title, rationale, passage,
            draft AS document, issues, strategy_id AS "strategyId", dismissed
          FROM app_data.strategy_drafts WHERE document_id = ${id} AND user_id = ${userId}
          ORDER BY position`.pipe(
        Effect.flatMap(decodeDrafts),
        Effect.orDie,
        Effect.withSpan("DocumentsRepo.drafts")
      )

    /** What the job reads: the owner, the file (until handed over) and the Librarian's id. */
    const forJob = (id: ResearchDocumentId) =>
      sql<{
        userId: UserId
        name: string
        contentType: string
        content: Uint8Array | null
        librarianId: string | null
      }>`SELECT user_id AS "userId", name, content_type AS "contentType", content,
            librarian_id AS "librarianId"
          FROM app_data.research_documents WHERE id = ${id}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie
      )

    /** Records how far a document has come and tells the user's event stream, together. */
    const progress = (
      userId: UserId,
      id: ResearchDocumentId,
      state: DocumentState,
      message: string
    ) =>
      sql
        .withTransaction(
          Effect.zipRight(
            sql`UPDATE app_data.research_documents
              SET state = ${state}, message = ${message},
                  finished_at = CASE WHEN ${state} IN ('ready', 'failed') THEN now() END
              WHERE id = ${id} AND user_id = ${userId}`,
            sql`INSERT INTO app_data.events (user_id, type, payload)
              VALUES (${userId}, 'job.progress', ${JSON.stringify({
                job: "document",
                id,
                state: state === "failed" ? "failed" : state === "ready" ? "ready" : "running",
                percent:
                  state === "ready" || state === "failed" ? 100 : state === "drafting" ? 60 : 20,
                message
              } satisfies Omit<JobProgress, "type">)}::jsonb)`
          )
        )
        .pipe(Effect.orDie)

    /** The Librarian has the document: its id there is kept, the bytes are not. */
    const handedOver = (
      id: ResearchDocumentId,
      librarianId: string,
      title: string,
      pages: number | null
    ) =>
      sql`UPDATE app_data.research_documents
          SET librarian_id = ${librarianId}, title = ${title}, pages = ${pages}, content = NULL
          WHERE id = ${id} RETURNING id`.pipe(
        Effect.map((rows) => rows.length > 0),
        Effect.orDie
      )

    /** Replaces a document's drafts with the Librarian's, each with its count of problems. */
    const saveDrafts = (
      userId: UserId,
      id: ResearchDocumentId,
      found: ReadonlyArray<LibrarianStrategyDraft & { readonly issues: number }>
    ) =>
      sql
        .withTransaction(
          Effect.gen(function* () {
            yield* sql`DELETE FROM app_data.strategy_drafts WHERE document_id = ${id}`
            for (const [position, d] of found.entries())
              yield* sql`INSERT INTO app_data.strategy_drafts
                (user_id, document_id, position, title, rationale, passage, draft, issues)
              VALUES (${userId}, ${id}, ${position}, ${d.title}, ${d.rationale},
                ${JSON.stringify(d.passage)}::jsonb, ${JSON.stringify(d.document)}::jsonb,
                ${d.issues})`
          })
        )
        .pipe(Effect.orDie)

    /** Deletes a document with its drafts; its Librarian id, to forget it there too. */
    const remove = (userId: UserId, id: ResearchDocumentId) =>
      sql<{ librarianId: string | null }>`DELETE FROM app_data.research_documents
          WHERE id = ${id} AND user_id = ${userId} RETURNING librarian_id AS "librarianId"`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) =>
          rows[0] === undefined ? Effect.fail(documentNotFound) : Effect.succeed(rows[0])
        )
      )

    const dismiss = (userId: UserId, draftId: StrategyDraftId) =>
      sql`UPDATE app_data.strategy_drafts SET dismissed = true
          WHERE id = ${draftId} AND user_id = ${userId} RETURNING id`.pipe(
        Effect.orDie,
        Effect.flatMap((rows) => (rows.length === 0 ? Effect.fail(draftNotFound) : Effect.void))
      )

    /** The user's documents the Librarian holds, as the assistant's questions name them. */
    const refs = (userId: UserId) =>
      sql<{ id: string; name: string }>`SELECT librarian_id AS id, name
          FROM app_data.research_documents
          WHERE user_id = ${userId} AND librarian_id IS NOT NULL
          ORDER BY created_at DESC LIMIT ${MAX_DOCUMENTS}`.pipe(Effect.orDie)

    return {
      find,
      create,
      list,
      drafts,
      forJob,
      progress,
      handedOver,
      saveDrafts,
      remove,
      dismiss,
      refs
    } as const
  })
}) {}
