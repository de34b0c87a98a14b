import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import {
  LibrarianChatRequest as ChatRequestSchema,
  type LibrarianChatRequest,
  type LibrarianChatResponse,
  type LibrarianContext
} from "@trading-app/domain"
import { Either, Schema } from "effect"

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
  /** Queues faults for the next chat requests, one each. */
  readonly script: (faults: ReadonlyArray<Fault>) => void
  readonly close: () => Promise<void>
}

const decodeRequest = Schema.decodeUnknownEither(ChatRequestSchema)
const MAX_BODY = 1024 * 1024

const money = (s: string | null) => (s === null ? Number.NaN : Number(s))

/** One ledger entry in words: "buy 2 AAPL at 190 USD", "dividend of 12 USD (AAPL)". */
const describe = (t: LibrarianContext["recentTransactions"][number]): string => {
  if (t.quantity !== null)
    return `${t.type} ${t.quantity} ${t.symbol}${t.price === null ? "" : ` at ${t.price} ${t.currency}`}`
  if (t.amount !== null)
    return `${t.type} of ${t.amount} ${t.currency}${t.symbol === null ? "" : ` (${t.symbol})`}`
  return `${t.type} of ${t.symbol}`
}

/** A deterministic answer that visibly uses the context: it names the largest holding. */
export const answerFor = (request: LibrarianChatRequest): LibrarianChatResponse => {
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
  return {
    answer: parts.join(" "),
    sources: [
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

const readBody = (req: IncomingMessage) =>
  new Promise<string | undefined>((resolve) => {
    let size = 0
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString()))
    req.on("error", () => resolve(undefined))
  })

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

  const chat = async (req: IncomingMessage, res: ServerResponse) => {
    chats++
    if (options.apiKey !== undefined && req.headers[keyHeader] !== options.apiKey) {
      return json(res, 401, { error: "Missing or wrong API key" })
    }
    const text = await readBody(req)
    const parsed = text === undefined ? undefined : decodeRequest(safeJson(text))
    if (parsed === undefined || Either.isLeft(parsed)) {
      return json(res, 400, { error: "The request does not follow the contract" })
    }
    received.push(parsed.right)
    const fault = faults.shift()
    if (fault !== undefined) {
      if ("status" in fault) {
        const headers =
          fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) }
        return json(res, fault.status, { error: `Scripted ${fault.status}` }, headers)
      }
      if ("hang" in fault) {
        hanging.add(res)
        res.on("close", () => hanging.delete(res))
        return
      }
      if ("malformed" in fault) return json(res, 200, { text: 42 })
      if ("redirect" in fault) {
        res.writeHead(302, { location: fault.redirect })
        return res.end()
      }
      if ("huge" in fault) {
        return json(res, 200, { answer: "x".repeat(2 * MAX_BODY), sources: [] })
      }
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs))
    }
    json(res, 200, answerFor(parsed.right))
  }

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/health") return json(res, 200, { status: "ok" })
    if (req.method === "POST" && req.url === "/v1/chat") return void chat(req, res)
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
