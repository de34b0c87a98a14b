import {
  type AssistantService,
  type LibrarianChatRequest,
  LibrarianChatResponse,
  LibrarianDocumentIngested,
  LibrarianDrafts
} from "@trading-app/domain"
import { Clock, Duration, Effect, Either, Metric, Option, Redacted, Schema } from "effect"
import { AppConfig, type LibrarianSettings } from "../AppConfig.js"
import { librarianCalls } from "../Observability/Metrics.js"
import { type BreakerState, makeCircuitBreaker } from "./CircuitBreaker.js"
import {
  LibrarianBadAnswer,
  type LibrarianError,
  LibrarianMissing,
  LibrarianTimeout,
  LibrarianUnavailable
} from "./Errors.js"

/** One failed attempt, and whether trying again may help. */
interface Failed {
  readonly error: LibrarianError
  readonly transient: boolean
  readonly retryAfterMs?: number | undefined
}

const decodeAnswer = Schema.decodeUnknownEither(Schema.parseJson(LibrarianChatResponse))
const decodeIngested = Schema.decodeUnknownEither(Schema.parseJson(LibrarianDocumentIngested))
const decodeDrafts = Schema.decodeUnknownEither(Schema.parseJson(LibrarianDrafts))

/** How one kind of call's answer is read: its Schema, and what a 404 means for it. */
interface Reading<A> {
  readonly decode: (text: string) => Either.Either<A, unknown>
  /** A 404: the document is not there (a failure), or already gone (the answer for deletes). */
  readonly missing?: { readonly answer: A } | "fail"
  /** The answer of a 204 (deletes). */
  readonly empty?: A
}

/** Retry-After in seconds (the HTTP-date form is rare from APIs and is ignored). */
const retryAfterOf = (response: Response): number | undefined => {
  const value = Number(response.headers.get("retry-after"))
  return Number.isFinite(value) && value >= 0 ? value : undefined
}

/** The body as text, refused beyond `max` bytes without reading the rest. */
const readCapped = async (response: Response, max: number): Promise<string | undefined> => {
  const reader = response.body?.getReader()
  if (reader === undefined) return ""
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** What one HTTP answer means: the parsed answer, or a failure and whether to try again. */
const interpret = async <A>(
  response: Response,
  maxBytes: number,
  reading: Reading<A>
): Promise<Either.Either<A, Failed>> => {
  const fail = (error: LibrarianError, transient: boolean, retryAfter?: number) =>
    Either.left<Failed>({
      error,
      transient,
      retryAfterMs: retryAfter === undefined ? undefined : retryAfter * 1000
    })
  const status = response.status
  const ok = status === 200 || status === 201
  if (!ok) await response.body?.cancel()
  if (status === 204 && "empty" in reading) return Either.right(reading.empty as A)
  if (status === 404 && reading.missing !== undefined)
    return reading.missing === "fail"
      ? fail(new LibrarianMissing({ reason: "it has no such document" }), false)
      : Either.right(reading.missing.answer)
  if (status >= 300 && status < 400) {
    return fail(
      new LibrarianBadAnswer({ reason: `it redirected (${status}), not followed` }),
      false
    )
  }
  if (status === 429 || status === 503) {
    const retryAfter = retryAfterOf(response)
    return fail(
      new LibrarianUnavailable({
        reason: status === 429 ? "it is rate-limiting us" : "it is unavailable",
        retryAfter: Option.fromNullable(retryAfter)
      }),
      true,
      retryAfter
    )
  }
  if (status === 502)
    return fail(new LibrarianBadAnswer({ reason: "its gateway failed (502)" }), true)
  if (status === 504)
    return fail(new LibrarianTimeout({ reason: "its gateway timed out (504)" }), true)
  if (!ok) {
    return fail(new LibrarianBadAnswer({ reason: `it refused the request (${status})` }), false)
  }
  const text = await readCapped(response, maxBytes)
  if (text === undefined) {
    return fail(new LibrarianBadAnswer({ reason: `its answer exceeded ${maxBytes} bytes` }), false)
  }
  const answer = reading.decode(text)
  return Either.isRight(answer)
    ? Either.right(answer.right)
    : fail(new LibrarianBadAnswer({ reason: "its answer does not follow the contract" }), false)
}

const count = (outcome: string) =>
  Metric.increment(Metric.tagged(librarianCalls, "outcome", outcome))

/** The client of one configured Librarian. */
const makeClient = (settings: LibrarianSettings, base: string) =>
  Effect.gen(function* () {
    const breaker = yield* makeCircuitBreaker(settings.breakerThreshold, settings.breakerCooldown)
    const headers: Record<string, string> = { "content-type": "application/json" }
    if (Option.isSome(settings.apiKey)) {
      headers[settings.apiKeyHeader.toLowerCase()] = Redacted.value(settings.apiKey.value)
    }
    // The upstream URL comes from configuration only, never from a request.
    const chatUrl = new URL(settings.chatPath, base).href
    const healthUrl = new URL(settings.healthPath, base).href

    const documentsUrl = new URL(settings.documentsPath, base).href
    const documentUrl = (id: string, rest = "") =>
      `${documentsUrl.replace(/\/$/, "")}/${encodeURIComponent(id)}${rest}`

    /** One HTTP exchange within `timeout`, its answer read by `reading`. */
    const attempt = <A>(
      send: (signal: AbortSignal) => Promise<Response>,
      reading: Reading<A>,
      timeout: Duration.Duration
    ): Effect.Effect<A, Failed> =>
      Effect.tryPromise({
        try: (signal) =>
          send(signal).then((response) => interpret(response, settings.maxResponseBytes, reading)),
        catch: (): Failed => ({
          error: new LibrarianUnavailable({
            reason: "it could not be reached",
            retryAfter: Option.none()
          }),
          transient: true
        })
      }).pipe(
        // Interrupting aborts the request, so no connection is left hanging.
        Effect.timeoutFail({
          duration: timeout,
          onTimeout: (): Failed => ({
            error: new LibrarianTimeout({ reason: "it did not answer in time" }),
            transient: true
          })
        }),
        Effect.flatMap(Either.match({ onLeft: Effect.fail, onRight: Effect.succeed }))
      )

    /**
     * Runs attempts through the breaker, retrying transient failures with exponential backoff
     * and full jitter (or longer when asked) until `deadline`.
     */
    const call = <A>(
      once: Effect.Effect<A, Failed>,
      deadline: Duration.Duration,
      span: string
    ): Effect.Effect<A, LibrarianError> =>
      Effect.gen(function* () {
        const deadlineMs = Duration.toMillis(deadline)
        const started = yield* Clock.currentTimeMillis
        for (let n = 0; ; n++) {
          const result = yield* breaker.protect(once).pipe(
            Effect.catchTag("LibrarianUnavailable", (error) =>
              Effect.fail<Failed>({ error, transient: false })
            ),
            Effect.either
          )
          if (Either.isRight(result)) return result.right
          const failed = result.left
          if (!failed.transient || n >= settings.maxRetries) return yield* Effect.fail(failed.error)
          const backoff = Duration.toMillis(settings.backoffBase) * 2 ** n * (0.5 + Math.random())
          const delay = Math.max(backoff, failed.retryAfterMs ?? 0)
          const now = yield* Clock.currentTimeMillis
          if (now - started + delay >= deadlineMs) return yield* Effect.fail(failed.error)
          yield* Effect.sleep(Duration.millis(delay))
        }
      }).pipe(
        Effect.timeoutFail({
          duration: deadline,
          onTimeout: () => new LibrarianTimeout({ reason: "it did not answer in time" })
        }),
        Effect.withSpan(span)
      )

    const chat = (
      request: LibrarianChatRequest
    ): Effect.Effect<LibrarianChatResponse, LibrarianError> => {
      const body = JSON.stringify(request)
      return call(
        attempt(
          (signal) => fetch(chatUrl, { method: "POST", headers, body, redirect: "manual", signal }),
          { decode: decodeAnswer },
          settings.attemptTimeout
        ),
        settings.deadline,
        "Librarian.chat"
      )
    }

    // A document call gets the document timeout per attempt, and retries within three of them.
    const documentDeadline = Duration.times(settings.documentTimeout, 3)

    /** Hands a document to the Librarian for its owner; its id there comes back. */
    const ingest = (owner: string, name: string, contentType: string, bytes: Uint8Array) =>
      call(
        attempt(
          (signal) =>
            fetch(documentsUrl, {
              method: "POST",
              headers: {
                ...headers,
                "content-type": contentType,
                "x-document-name": encodeURIComponent(name),
                "x-document-owner": owner
              },
              body: bytes,
              redirect: "manual",
              signal
            }),
          { decode: decodeIngested },
          settings.documentTimeout
        ),
        documentDeadline,
        "Librarian.ingest"
      )

    /** The strategies the Librarian reads in one of the owner's documents. */
    const drafts = (owner: string, documentId: string) =>
      call(
        attempt(
          (signal) =>
            fetch(documentUrl(documentId, "/strategy-drafts"), {
              method: "POST",
              headers,
              body: JSON.stringify({ owner }),
              redirect: "manual",
              signal
            }),
          { decode: decodeDrafts, missing: "fail" },
          settings.documentTimeout
        ),
        documentDeadline,
        "Librarian.drafts"
      )

    /** Asks the Librarian to forget a document (already gone counts as done). */
    const forget = (owner: string, documentId: string) =>
      call(
        attempt(
          (signal) =>
            fetch(documentUrl(documentId), {
              method: "DELETE",
              headers: { ...headers, "x-document-owner": owner },
              redirect: "manual",
              signal
            }),
          {
            decode: () => Either.right(undefined),
            missing: { answer: undefined },
            empty: undefined
          },
          settings.attemptTimeout
        ),
        settings.deadline,
        "Librarian.forget"
      )

    const reachable = Effect.tryPromise((signal) =>
      fetch(healthUrl, { redirect: "manual", signal }).then(async (r) => {
        await r.body?.cancel()
        return r.status === 200
      })
    ).pipe(
      Effect.timeout(Duration.seconds(2)),
      Effect.orElseSucceed(() => false)
    )

    return { chat, ingest, drafts, forget, reachable, breaker: breaker.state } as const
  })

const outcomeLabel = (error: LibrarianError | undefined) =>
  error === undefined ? "ok" : error._tag.replace("Librarian", "").toLowerCase()

export interface LibrarianStatus {
  readonly service: AssistantService
  /** "ok", "unreachable" or "not configured". */
  readonly reachability: string
  readonly breaker: BreakerState | "none"
}

/**
 * The thin client of the Librarian RAG service, with explicit policies: a timeout per attempt
 * and an overall deadline, retries with exponential backoff and jitter on transient failures
 * only (connection errors, 502, 503, 504, and 429 honouring Retry-After), a circuit breaker,
 * no redirects followed, and a size cap on the answer, which is decoded with its Schema.
 */
export class Librarian extends Effect.Service<Librarian>()("Librarian", {
  effect: Effect.gen(function* () {
    const { librarian: settings } = yield* AppConfig
    const service: AssistantService = settings.standIn ? "stand-in" : "librarian"
    if (Option.isNone(settings.url)) {
      const notConfigured = new LibrarianUnavailable({
        reason: "the assistant is not configured on this server",
        retryAfter: Option.none()
      })
      return {
        service,
        breaker: Effect.succeed<BreakerState | "none">("none"),
        chat: (_: LibrarianChatRequest) =>
          Effect.zipRight(count("not_configured"), Effect.fail(notConfigured)),
        ingest: (_owner: string, _name: string, _type: string, _bytes: Uint8Array) =>
          Effect.fail(notConfigured),
        drafts: (_owner: string, _id: string) => Effect.fail(notConfigured),
        forget: (_owner: string, _id: string) => Effect.fail(notConfigured),
        status: Effect.succeed<LibrarianStatus>({
          service,
          reachability: "not configured",
          breaker: "none"
        })
      }
    }
    const client = yield* makeClient(settings, settings.url.value)
    return {
      service,
      breaker: client.breaker as Effect.Effect<BreakerState | "none">,
      chat: (request: LibrarianChatRequest) =>
        client.chat(request).pipe(
          Effect.tapBoth({
            onFailure: (e) => count(outcomeLabel(e)),
            onSuccess: () => count(outcomeLabel(undefined))
          })
        ),
      ingest: client.ingest,
      drafts: client.drafts,
      forget: client.forget,
      status: Effect.map(
        Effect.all([client.reachable, client.breaker], { concurrency: "unbounded" }),
        ([reachable, breaker]): LibrarianStatus => ({
          service,
          reachability: reachable ? "ok" : "unreachable",
          breaker
        })
      )
    }
  })
}) {}
