import { createHash } from "node:crypto"
import {
  DOCUMENT_TYPES,
  type DocumentUploadParams,
  ResearchDocumentId,
  strategyIssues,
  TemporarilyUnavailable,
  Unprocessable,
  type UserId,
  UserId as UserIdSchema
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { defineJob } from "../Jobs/JobDefinition.js"
import { JobQueue } from "../Jobs/JobQueue.js"
import { handle } from "../Jobs/Workers.js"
import type { LibrarianError } from "../Librarian/Errors.js"
import { Librarian } from "../Librarian/Librarian.js"
import { DocumentsRepo } from "./DocumentsRepo.js"

export const documentJob = defineJob({
  name: "research-document",
  payload: Schema.Struct({ documentId: ResearchDocumentId, userId: UserIdSchema }),
  // The Librarian may be away for a while: a few runs, a minute apart and more.
  settings: { retryLimit: 3, retryDelaySeconds: 30, expireInSeconds: 10 * 60, batchSize: 1 }
})

const textDecoder = new TextDecoder("utf-8", { fatal: true })

/** The file's kind from its name's ending, checked against its bytes. */
const kindOf = (name: string, bytes: Uint8Array) => {
  const ending = name.split(".").pop()?.toLowerCase() as keyof typeof DOCUMENT_TYPES
  const contentType = DOCUMENT_TYPES[ending]
  if (contentType === "application/pdf")
    return Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-"
      ? Option.some(contentType)
      : Option.none()
  try {
    const text = textDecoder.decode(bytes)
    return text.includes("\u0000") ? Option.none() : Option.some(contentType)
  } catch {
    return Option.none()
  }
}

/** Research documents: uploads, deletion, and the job that hands them to the Librarian. */
export class Documents extends Effect.Service<Documents>()("Documents", {
  effect: Effect.gen(function* () {
    const repo = yield* DocumentsRepo
    const queue = yield* JobQueue
    const librarian = yield* Librarian

    const upload = (userId: UserId, params: DocumentUploadParams, bytes: Uint8Array) =>
      Effect.gen(function* () {
        if (bytes.byteLength === 0) return yield* Unprocessable.field(["body"], "The file is empty")
        const kind = kindOf(params.name, bytes)
        if (Option.isNone(kind))
          return yield* Unprocessable.field(
            ["body"],
            params.name.toLowerCase().endsWith(".pdf")
              ? "This file is not a PDF"
              : "This file is not text in UTF-8; upload a PDF, Markdown or text file"
          )
        return yield* repo.create(
          userId,
          {
            name: params.name,
            contentType: kind.value,
            bytes,
            sha256: createHash("sha256").update(bytes).digest("hex")
          },
          (documentId) => queue.send(documentJob, { documentId, userId })
        )
      }).pipe(Effect.withSpan("Documents.upload"))

    /** Deletes it at the Librarian first, so that nothing is left there when it goes here. */
    const remove = (userId: UserId, id: ResearchDocumentId) =>
      Effect.gen(function* () {
        const document = yield* repo.forJob(id)
        if (Option.isNone(document) || document.value.userId !== userId)
          return yield* Effect.asVoid(repo.remove(userId, id))
        const librarianId = document.value.librarianId
        if (librarianId !== null)
          yield* librarian.forget(userId, librarianId).pipe(
            Effect.catchAll((error) =>
              Effect.fail(
                new TemporarilyUnavailable({
                  message: `The document could not be deleted at the Librarian (${reasonOf(error)}); it is kept. Try again in a moment.`,
                  retryAfter: 5
                })
              )
            )
          )
        yield* repo.remove(userId, id)
      }).pipe(Effect.asVoid, Effect.withSpan("Documents.remove"))

    return { upload, remove } as const
  }),
  dependencies: [DocumentsRepo.Default]
}) {}

const reasonOf = (error: LibrarianError) => error.reason

/**
 * Hands a document to the Librarian (once: its id there is kept and the bytes dropped), then
 * asks it for strategy drafts and keeps each with its count of problems. A Librarian that is
 * away fails the run, to be retried; on the last run, or when it cannot use the document, the
 * user is told why.
 */
export const documentHandler = handle(documentJob, ({ documentId, userId }, job) =>
  Effect.gen(function* () {
    const repo = yield* DocumentsRepo
    const librarian = yield* Librarian
    const found = yield* repo.forJob(documentId)
    if (Option.isNone(found)) return
    const document = found.value
    const last = job.retryCount >= documentJob.settings.retryLimit

    const work = Effect.gen(function* () {
      let librarianId = document.librarianId
      if (librarianId === null) {
        yield* repo.progress(
          userId,
          documentId,
          "ingesting",
          "Handing the document to the Librarian"
        )
        const content = document.content ?? new Uint8Array()
        const ingested = yield* librarian.ingest(
          userId,
          document.name,
          document.contentType,
          content
        )
        librarianId = ingested.documentId
        const kept = yield* repo.handedOver(documentId, librarianId, ingested.title, ingested.pages)
        // Deleted while it was being handed over: nothing of it may stay at the Librarian.
        if (!kept)
          return yield* librarian
            .forget(userId, librarianId)
            .pipe(
              Effect.catchAll((error) =>
                Effect.logWarning(
                  `A document deleted during its hand-over could not be deleted at the Librarian (${reasonOf(error)}); its id there is ${librarianId}`
                )
              )
            )
      }
      yield* repo.progress(
        userId,
        documentId,
        "drafting",
        "The Librarian is reading strategies in it"
      )
      const { drafts } = yield* librarian.drafts(userId, librarianId)
      yield* repo.saveDrafts(
        userId,
        documentId,
        drafts.map((d) => ({ ...d, issues: strategyIssues(d.document).length }))
      )
      yield* repo.progress(
        userId,
        documentId,
        "ready",
        drafts.length === 0
          ? "Read; the Librarian found no strategy in it"
          : `Read; ${drafts.length} strategy draft${drafts.length === 1 ? "" : "s"} to review`
      )
    })

    yield* work.pipe(
      Effect.catchAll((error) => {
        const transient = error._tag === "LibrarianUnavailable" || error._tag === "LibrarianTimeout"
        if (transient && !last)
          return Effect.zipRight(
            repo.progress(
              userId,
              documentId,
              "queued",
              `The Librarian is unavailable (${error.reason}); trying again shortly`
            ),
            Effect.fail(error)
          )
        return repo.progress(
          userId,
          documentId,
          "failed",
          error._tag === "LibrarianMissing"
            ? "The Librarian no longer has this document; delete it and upload it again"
            : `The Librarian could not read it: ${error.reason}`
        )
      })
    )
  })
)
