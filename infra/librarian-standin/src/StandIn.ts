import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import {
  LibrarianChatRequest as ChatRequestSchema,
  type LibrarianChatRequest,
  type LibrarianChatResponse,
  type LibrarianContext,
  type LibrarianDocumentIngested,
  LibrarianDraftsRequest
} from "@trading-app/domain"
import { Either, Schema } from "effect"
import { draftsOf, passageFor, pdfText, type StoredDocument } from "./Documents.js"

/**
 * What the next chat request gets instead of an answer: an HTTP status (with Retry-After), no
 * answer at all, a body that breaks the contract, a redirect, an oversized body, or a delay
 * before the normal answer.
 */
export type Fault =
  | { readonly status: number; readonly retryAfter?: number }
  | { readonly hang: true }
  | { readonly malformed: true }
  | { readonly redirect: string }
  | { readonly huge: true }
  | { readonly delayMs: number }

export interface StandInOptions {
  readonly host?: string
  readonly port?: number
  /** When set, chat requests must carry it in `apiKeyHeader`. */
  readonly apiKey?: string
  readonly apiKeyHeader?: string
}

export interface StandIn {
  readonly url: string
  /** Chat requests received so far (every attempt counts). */
  readonly chatRequests: () => number
  /** The bodies of the chat requests received, oldest first. */
  readonly received: () => ReadonlyArray<LibrarianChatRequest>
  /** Chat requests held open by a `hang` fault whose client has not gone away. */
  readonly hanging: () => number
  /** Queues faults for the next chat or document requests, one each. */
  readonly script: (faults: ReadonlyArray<Fault>) => void
  /** The documents it holds, by id. */
  readonly documents: () => ReadonlyMap<string, StoredDocument>
  /** Document requests received so far (ingest, drafts, delete; every attempt counts). */
  readonly documentRequests: () => number
  readonly close: () => Promise<void>
}

const decodeRequest = Schema.decodeUnknownEither(ChatRequestSchema)
const decodeDraftsRequest = Schema.decodeUnknownEither(LibrarianDraftsRequest)
const MAX_BODY = 1024 * 1024
const MAX_DOCUMENT = 25 * 1024 * 1024
const DOCUMENT_TYPES = ["application/pdf", "text/plain", "text/markdown"]

const money = (s: string | null) => (s === null ? Number.NaN : Number(s))

/** One ledger entry in words: "buy 2 AAPL at 190 USD", "dividend of 12 USD (AAPL)". */
const describe = (t: LibrarianContext["recentTransactions"][number]): string => {
  if (t.quantity !== null)
    return `${t.type} ${t.quantity} ${t.symbol}${t.price === null ? "" : ` at ${t.price} ${t.currency}`}`
  if (t.amount !== null)
    return `${t.type} of ${t.amount} ${t.currency}${t.symbol === null ? "" : ` (${t.symbol})`}`
  return `${t.type} of ${t.symbol}`
}

/**
 * A deterministic answer that visibly uses the context: it names the largest holding, and
 * quotes the asker's documents when the question is about one of them.
 */
export const answerFor = (
  request: LibrarianChatRequest,
  documents: ReadonlyMap<string, StoredDocument> = new Map()
): LibrarianChatResponse => {
  const context: LibrarianContext = request.context
  const valued = context.holdings.filter((h) => !Number.isNaN(money(h.marketValue)))
  const largest = valued.reduce<(typeof valued)[number] | undefined>(
    (best, h) => (best === undefined || money(h.marketValue) > money(best.marketValue) ? h : best),
    undefined
  )
  const latest = context.recentTransactions[0]
  const parts = [`(Development stand-in) You asked: "${request.question.slice(0, 200)}".`]
  parts.push(
    largest === undefined
      ? "You hold nothing with a market value yet."
      : `Your largest holding is ${largest.symbol}${largest.name === null ? "" : ` (${largest.name})`}, worth ${largest.marketValue} ${context.baseCurrency}${largest.weightPercent === null ? "" : `, ${largest.weightPercent}% of portfolio "${largest.portfolio}"`}.`
  )
  if (latest !== undefined) {
    parts.push(`Your latest transaction: ${describe(latest)} on ${latest.executedAt.slice(0, 10)}.`)
  }
  parts.push(`This conversation has ${request.history.length} earlier message(s).`)
  const asked = request.documents
    .map((ref) => documents.get(ref.id))
    .filter((d): d is StoredDocument => d !== undefined)
    .filter(
      (d) =>
        /\b(document|paper|report|research)\b/i.test(request.question) ||
        request.question.toLowerCase().includes(d.name.toLowerCase().replace(/\.\w+$/, ""))
    )
  const quoted = asked.flatMap((d) => {
    const passage = passageFor(d, request.question)
    return passage === undefined ? [] : [{ name: d.name, passage }]
  })
  for (const q of quoted) parts.push(`In "${q.name}": "${q.passage.slice(0, 300)}"`)
  return {
    answer: parts.join(" "),
    sources: [
      ...quoted.map((q) => ({ title: q.name, url: null, snippet: q.passage.slice(0, 2000) })),
      {
        title: "Your holdings",
        url: null,
        snippet: `${context.holdings.length} holding(s) and ${context.recentTransactions.length} recent transaction(s)`
      },
      {
        title: "Librarian stand-in",
        url: null,
        snippet: "Deterministic answers for development; not the real Librarian and not advice."
      }
    ]
  }
}

const readBytes = (req: IncomingMessage, max: number) =>
  new Promise<Buffer | undefined>((resolve) => {
    let size = 0
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size <= max) chunks.push(chunk)
    })
    req.on("end", () => resolve(size > max ? undefined : Buffer.concat(chunks)))
    req.on("error", () => resolve(undefined))
  })

const readBody = (req: IncomingMessage) =>
  readBytes(req, MAX_BODY).then((bytes) => bytes?.toString())

/** A document's title: its first Markdown heading or first line, else its file name. */
const titleOf = (text: string, name: string) =>
  (/^#\s+(.+)$/m.exec(text)?.[1] ?? text.split("\n").find((l) => l.trim() !== "") ?? name)
    .trim()
    .slice(0, 200)

const json = (res: ServerResponse, status: number, body: unknown, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers })
  res.end(JSON.stringify(body))
}

/**
 * A small HTTP server that implements the app's side of the Librarian contract for development
 * and tests: GET /health and POST /v1/chat. It is started by `pnpm start` when no Librarian URL
 * is configured, and never otherwise.
 */
export const startStandIn = async (options: StandInOptions = {}): Promise<StandIn> => {
  const faults: Array<Fault> = []
  const received: Array<LibrarianChatRequest> = []
  let chats = 0
  const hanging = new Set<ServerResponse>()
  const keyHeader = (options.apiKeyHeader ?? "x-api-key").toLowerCase()

  const documents = new Map<string, StoredDocument>()
  let documentCalls = 0

  const chat = async (req: IncomingMessage, res: ServerResponse) => {
    chats++
    if (!authorized(req, res)) return
    const text = await readBody(req)
    const parsed = text === undefined ? undefined : decodeRequest(safeJson(text))
    if (parsed === undefined || Either.isLeft(parsed)) {
      return json(res, 400, { error: "The request does not follow the contract" })
    }
    received.push(parsed.right)
    if (await faulted(res)) return
    json(res, 200, answerFor(parsed.right, documents))
  }

  /** Answers with the next scripted fault, if any (a delay then lets the request go on). */
  const faulted = async (res: ServerResponse): Promise<boolean> => {
    const fault = faults.shift()
    if (fault !== undefined) {
      if ("status" in fault) {
        const headers =
          fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) }
        json(res, fault.status, { error: `Scripted ${fault.status}` }, headers)
        return true
      }
      if ("hang" in fault) {
        hanging.add(res)
        res.on("close", () => hanging.delete(res))
        return true
      }
      if ("malformed" in fault) {
        json(res, 200, { text: 42 })
        return true
      }
      if ("redirect" in fault) {
        res.writeHead(302, { location: fault.redirect })
        res.end()
        return true
      }
      if ("huge" in fault) {
        json(res, 200, { answer: "x".repeat(2 * MAX_BODY), sources: [] })
        return true
      }
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    }
    return false
  }

  const authorized = (req: IncomingMessage, res: ServerResponse) => {
    if (options.apiKey !== undefined && req.headers[keyHeader] !== options.apiKey) {
      json(res, 401, { error: "Missing or wrong API key" })
      return false
    }
    return true
  }

  /** Keeps a document's text for its owner: text and Markdown as they are, PDF through pdf.js. */
  const ingest = async (req: IncomingMessage, res: ServerResponse) => {
    documentCalls++
    if (!authorized(req, res)) return
    const type =
      String(req.headers["content-type"] ?? "")
        .split(";")[0]
        ?.trim() ?? ""
    const owner = req.headers["x-document-owner"]
    const name = decodeURIComponent(String(req.headers["x-document-name"] ?? "document"))
    if (typeof owner !== "string" || owner === "")
      return json(res, 400, { error: "X-Document-Owner is required" })
    if (!DOCUMENT_TYPES.includes(type))
      return json(res, 415, { error: `Send ${DOCUMENT_TYPES.join(", ")}` })
    const bytes = await readBytes(req, MAX_DOCUMENT)
    if (bytes === undefined) return json(res, 413, { error: "The document is too large" })
    if (await faulted(res)) return
    let text: string
    let pages: number | null = null
    let pageStarts: ReadonlyArray<number> = []
    try {
      if (type === "application/pdf") {
        const read = await pdfText(new Uint8Array(bytes))
        text = read.text
        pages = read.pages
        pageStarts = read.pageStarts
      } else text = bytes.toString("utf8")
    } catch {
      return json(res, 422, { error: "The document could not be read" })
    }
    if (text.trim() === "") return json(res, 422, { error: "The document has no text" })
    const id = randomUUID()
    documents.set(id, { id, owner, name, text, pageStarts })
    json(res, 201, {
      documentId: id,
      title: titleOf(text, name),
      characters: text.length,
      pages
    } satisfies LibrarianDocumentIngested)
  }

  const drafts = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    documentCalls++
    if (!authorized(req, res)) return
    const text = await readBody(req)
    const parsed = text === undefined ? undefined : decodeDraftsRequest(safeJson(text))
    if (parsed === undefined || Either.isLeft(parsed))
      return json(res, 400, { error: "The request does not follow the contract" })
    const document = documents.get(id)
    if (document === undefined || document.owner !== parsed.right.owner)
      return json(res, 404, { error: "No such document" })
    if (await faulted(res)) return
    json(res, 200, { drafts: draftsOf(document) })
  }

  const forget = (req: IncomingMessage, res: ServerResponse, id: string) => {
    documentCalls++
    if (!authorized(req, res)) return
    const document = documents.get(id)
    if (document === undefined || document.owner !== req.headers["x-document-owner"])
      return json(res, 404, { error: "No such document" })
    documents.delete(id)
    res.writeHead(204)
    res.end()
  }

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") return json(res, 200, { status: "ok" })
    if (req.method === "POST" && req.url === "/v1/chat") return void chat(req, res)
    if (req.method === "POST" && req.url === "/v1/documents") return void ingest(req, res)
    const drafting = /^\/v1\/documents\/([\w-]+)\/strategy-drafts$/.exec(req.url ?? "")
    if (req.method === "POST" && drafting) return void drafts(req, res, drafting[1] as string)
    const one = /^\/v1\/documents\/([\w-]+)$/.exec(req.url ?? "")
    if (req.method === "DELETE" && one) return forget(req, res, one[1] as string)
    json(res, 404, { error: "Not found" })
  })
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve)
  )
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    chatRequests: () => chats,
    received: () => received,
    hanging: () => hanging.size,
    script: (next) => {
      faults.push(...next)
    },
    documents: () => documents,
    documentRequests: () => documentCalls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
