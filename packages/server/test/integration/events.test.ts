import type { UserId } from "@trading-app/domain"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { DatabaseLive } from "../../src/Database/Database.js"
import { EventsRepo } from "../../src/Events/EventsRepo.js"
import { ORIGIN } from "../../src/Events/Position.js"
import { makeClient, randomClientIp } from "../support/client.js"
import * as testDb from "../support/databases.js"
import { uniqueSymbol } from "../support/pipeline.js"
import { type Call, type Session, signUp } from "../support/session.js"
import { openSse, type SseStream } from "../support/sse.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"

// Two replicas on one database, as behind nginx: each with its own outbox reader.
let one: TestServer
let two: TestServer
let callOne: Call
let callTwo: Call
const streams: Array<SseStream> = []

beforeAll(async () => {
  ;[one, two] = await Promise.all([startTestServer(), startTestServer()])
  const ip = randomClientIp()
  callOne = makeClient(one.baseUrl, ip)
  callTwo = makeClient(two.baseUrl, ip)
})
afterAll(async () => {
  for (const s of streams) s.close()
  await Promise.all([one?.close(), two?.close()])
})

const ticketOf = async (call: Call, session: Session) => {
  const res = await call("POST", "/api/events/ticket", { token: session.token })
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.ticket as string
}

const open = async (
  server: TestServer,
  call: Call,
  session: Session,
  options: { lastEventId?: string; header?: string } = {}
) => {
  const ticket = await ticketOf(call, session)
  const query = options.lastEventId ? `&lastEventId=${options.lastEventId}` : ""
  const stream = await openSse(
    `${server.baseUrl}/api/events?ticket=${encodeURIComponent(ticket)}${query}`,
    options.header ? { "last-event-id": options.header } : {}
  )
  streams.push(stream)
  expect(stream.status, JSON.stringify(stream.error)).toBe(200)
  // Subscribed once the first line (the reconnection delay) arrived.
  await stream.waitFor("the stream to open", () => stream.messages.length > 0)
  return stream
}

const portfolioOf = async (call: Call, session: Session) =>
  (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id as string

const buy = (call: Call, session: Session, portfolioId: string, note = "live") =>
  call("POST", "/api/transactions", {
    token: session.token,
    body: {
      portfolioId,
      symbol: "BTC-USD",
      type: "buy",
      quantity: "0.1",
      price: "40000",
      fee: "0",
      currency: "USD",
      executedAt: "2026-02-01T10:00:00.000Z",
      note
    }
  })

const changesOf = (stream: SseStream) =>
  stream.events().filter((e) => e.data.type === "transactions.changed")

describe("the event stream", () => {
  it("needs a ticket of a signed-in user; the ticket opens nothing else", async () => {
    const user = await signUp(callOne, "events-auth")
    expect((await callOne("POST", "/api/events/ticket")).status).toBe(401)
    const ticket = await ticketOf(callOne, user)

    const none = await openSse(`${one.baseUrl}/api/events`)
    expect(none.status).toBe(400)
    const forged = await openSse(`${one.baseUrl}/api/events?ticket=${ticket.slice(0, -4)}AAAA`)
    expect(forged.status).toBe(401)
    expect(forged.error).toMatchObject({ message: expect.stringContaining("stream ticket") })
    // An access token is not a ticket, and a ticket is not an access token.
    expect((await openSse(`${one.baseUrl}/api/events?ticket=${user.token}`)).status).toBe(401)
    expect((await callOne("GET", "/api/portfolios", { token: ticket })).status).toBe(401)
    const badId = await openSse(`${one.baseUrl}/api/events?ticket=${ticket}&lastEventId=12`)
    expect(badId.status).toBe(400)
    expect(JSON.stringify(badId.error)).toContain("event id")
  })

  it("delivers a user's committed changes to their streams on every replica, and nobody else's", async () => {
    const user = await signUp(callOne, "events-live")
    const other = await signUp(callOne, "events-other")
    const portfolioId = await portfolioOf(callOne, user)
    const onOne = await open(one, callOne, user)
    const onTwo = await open(two, callTwo, user)
    const theirs = await open(one, callOne, other)
    expect(onOne.headers.get("content-type")).toBe("text/event-stream")
    expect(onOne.messages[0]).toEqual({ retry: 2000 })

    const started = Date.now()
    const created = await buy(callOne, user, portfolioId)
    expect(created.status).toBe(201)
    for (const stream of [onOne, onTwo])
      await stream.waitFor("the change", () => changesOf(stream).length === 1, 5000)
    expect(Date.now() - started).toBeLessThan(3000)
    const [event] = changesOf(onTwo)
    expect(event!.data).toEqual({
      type: "transactions.changed",
      portfolioId,
      action: "created",
      count: 1,
      transactionIds: [created.body.id]
    })
    expect(event!.id).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/)
    expect(changesOf(onOne)[0]!.id).toBe(event!.id)

    const renamed = await callTwo("PATCH", `/api/portfolios/${portfolioId}`, {
      token: user.token,
      body: { name: "Renamed live" }
    })
    expect(renamed.status).toBe(200)
    // (The portfolio's creation at sign-up may arrive too: it committed just before the stream
    // opened, while this replica's reader had not yet passed it.)
    const renamedEvent = () =>
      onOne.events().find((e) => e.data.type === "portfolio.changed" && e.data.action === "updated")
    await onOne.waitFor("the rename", () => renamedEvent() !== undefined)
    expect(renamedEvent()!.data).toEqual({
      type: "portfolio.changed",
      portfolioId,
      action: "updated"
    })
    // Heartbeats (every second in tests) keep the stream open.
    await onOne.waitFor("a heartbeat", () => onOne.messages.some((m) => m.comment === "keep-alive"))
    expect(JSON.stringify(theirs.events())).not.toContain(portfolioId)
  })

  it("publishes nothing for a change that rolls back", async () => {
    const user = await signUp(callOne, "events-rollback")
    const portfolioId = await portfolioOf(callOne, user)
    const stream = await open(one, callOne, user)
    const client = new pg.Client({ connectionString: testDb.ownerUrl })
    await client.connect()
    try {
      await client.query("BEGIN")
      await client.query(
        `INSERT INTO app_data.user_transactions (user_id, portfolio_id, symbol, type, quantity, price, fee, currency, executed_at)
         VALUES ($1, $2, 'BTC-USD', 'buy', 1, 1, 0, 'USD', date_trunc('milliseconds', now()))`,
        [user.userId, portfolioId]
      )
      await client.query("ROLLBACK")
    } finally {
      await client.end()
    }
    await buy(callOne, user, portfolioId, "after the rollback")
    await stream.waitFor("the committed change", () => changesOf(stream).length === 1)
    await new Promise((r) => setTimeout(r, 500))
    expect(changesOf(stream)).toHaveLength(1)
  })

  it("resumes after a drop on another replica with exactly the missed events, under concurrent writes", async () => {
    const user = await signUp(callOne, "events-resume")
    const portfolioId = await portfolioOf(callOne, user)
    const first = await open(one, callOne, user)
    // Writers on both replicas, 40 changes in all, while the client drops and comes back.
    const writes = Array.from({ length: 40 }, (_, i) => i)
    const writing = (async () => {
      for (const i of writes) {
        const res = await buy(i % 2 === 0 ? callOne : callTwo, user, portfolioId, `w${i}`)
        expect(res.status).toBe(201)
      }
    })()
    await first.waitFor("some events", () => changesOf(first).length >= 10, 15_000)
    first.close()
    const seenFirst = changesOf(first)
    const last = seenFirst.at(-1)!.id!
    // EventSource's own reconnection sends the header; a new one passes the query parameter.
    const second = await open(two, callTwo, user, { header: last })
    await writing
    await second.waitFor(
      "every event",
      () => seenFirst.length + changesOf(second).length >= 40,
      15_000
    )
    await new Promise((r) => setTimeout(r, 500))
    const ids = [...seenFirst, ...changesOf(second)].map((e) => e.id!)
    expect(ids).toHaveLength(40)
    expect(new Set(ids).size).toBe(40)
    expect(ids).toEqual([...ids].sort())
    const notes = [...seenFirst, ...changesOf(second)].map((e) => e.data.transactionIds[0])
    expect(new Set(notes).size).toBe(40)

    // And through the query parameter, from the middle: the rest, once.
    const third = await open(one, callOne, user, { lastEventId: ids[19]! })
    await third.waitFor("the replay", () => changesOf(third).length >= 20)
    await new Promise((r) => setTimeout(r, 300))
    expect(changesOf(third).map((e) => e.id)).toEqual(ids.slice(20))
  })

  it("tells a client whose missed events are gone to reload (resync)", async () => {
    const user = await signUp(callOne, "events-resync")
    const stream = await open(one, callOne, user, {
      lastEventId: "0000000000000000-0000000000000000"
    })
    await stream.waitFor("the resync", () => stream.events().length > 0)
    expect(stream.events()[0]!.data).toEqual({ type: "resync" })
    expect(stream.events()[0]!.id).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/)
  })

  it("carries new prices of the symbols in the user's ledger", async () => {
    // An instrument of this test's own: no other test's trades can be newer than its price.
    const symbol = uniqueSymbol("EV")
    const pipeline = new pg.Client({
      connectionString: testDb.pipelineUrl,
      options: "-c search_path=market_data"
    })
    await pipeline.connect()
    const user = await signUp(callOne, "events-prices")
    const portfolioId = await portfolioOf(callOne, user)
    let stream: SseStream
    try {
      await pipeline.query(
        `INSERT INTO instruments (symbol, name, asset_class, quote_currency)
         VALUES ($1, 'Events test', 'equity', 'USD')`,
        [symbol]
      )
      const bought = await callOne("POST", "/api/transactions", {
        token: user.token,
        body: {
          portfolioId,
          symbol,
          type: "buy",
          quantity: "1",
          price: "100",
          currency: "USD",
          executedAt: "2026-02-01T10:00:00.000Z"
        }
      })
      expect(bought.status).toBe(201)
      stream = await open(one, callOne, user)
      await pipeline.query(
        `INSERT INTO public_trades (symbol, time, price, quantity, side)
         VALUES ($1, now(), 123456.78, 0.01, 'buy')`,
        [symbol]
      )
    } finally {
      await pipeline.end()
    }
    await stream.waitFor(
      "the new price",
      () =>
        stream
          .events()
          .some(
            (e) =>
              e.data.type === "price" && e.data.symbol === symbol && e.data.price === "123456.78"
          ),
      15_000
    )
    const prices = stream.events().filter((e) => e.data.type === "price")
    expect(prices.every((e) => e.id === undefined)).toBe(true)
    expect(prices.every((e) => e.data.symbol === symbol)).toBe(true)
  })

  it("ends when the session is signed out", async () => {
    const user = await signUp(callOne, "events-signout")
    const stream = await open(one, callOne, user)
    const spare = await ticketOf(callOne, user)
    const out = await callOne("POST", "/api/auth/logout", {
      token: user.token,
      cookie: user.cookie
    })
    expect(out.status).toBe(204)
    await stream.waitFor("the end", stream.isEnded, 10_000)
    // A ticket of the ended session opens nothing any more.
    const late = await openSse(`${one.baseUrl}/api/events?ticket=${spare}`)
    expect(late.status).toBe(401)
  })

  it("ends at once when its server starts draining, not after the grace", async () => {
    const server = await startTestServer()
    const call = makeClient(server.baseUrl, randomClientIp())
    const user = await signUp(call, "events-drain")
    const stream = await open(server, call, user)
    const started = Date.now()
    const closed = server.close()
    await stream.ended
    expect(Date.now() - started).toBeLessThan(1000)
    // And the server is gone well before its 2 s grace.
    await closed
    expect(Date.now() - started).toBeLessThan(1500)
  })
})

describe("the outbox", () => {
  it("orders by transaction id as a number, across a change in its digits", async () => {
    const userId = crypto.randomUUID()
    const client = new pg.Client({ connectionString: testDb.ownerUrl })
    await client.connect()
    try {
      await client.query(
        `INSERT INTO app_data.events (tx, seq, user_id, type, payload)
         SELECT t::xid8, s, $1, 'portfolio.changed', '{}' FROM unnest($2::text[], $3::bigint[]) AS x(t, s)`,
        [userId, ["100", "9", "10", "10"], [1, 5, 3, 2]]
      )
    } finally {
      await client.end()
    }
    const runtime = ManagedRuntime.make(
      EventsRepo.Default.pipe(
        Layer.provide(DatabaseLive),
        Layer.provide(AppConfigTest({ databaseUrl: Redacted.make(testDb.databaseUrl) }))
      )
    )
    try {
      const rows = await runtime.runPromise(
        Effect.flatMap(EventsRepo, (repo) =>
          repo.between(userId as UserId, ORIGIN, { tx: "101", seq: "0" }, 10)
        )
      )
      expect(rows.map((r) => `${r.tx}/${r.seq}`)).toEqual(["9/5", "10/2", "10/3", "100/1"])
    } finally {
      await runtime.dispose()
    }
  })

  it("keeps its partitions three months ahead and drops months past retention", async () => {
    const client = new pg.Client({ connectionString: testDb.ownerUrl })
    await client.connect()
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS app_data.events_2020_01 PARTITION OF app_data.events FOR VALUES FROM ('2020-01-01Z') TO ('2020-02-01Z')"
      )
      const partitions = async () =>
        (
          await client.query<{ name: string }>(
            "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'app_data.events'::regclass ORDER BY 1"
          )
        ).rows.map((r) => r.name)
      expect(await partitions()).toContain("events_2020_01")
      // As the app's job does, with the app's role.
      const app = new pg.Client({ connectionString: testDb.databaseUrl })
      await app.connect()
      const dropped = await app
        .query("SELECT app_data.events_maintain_partitions(30) AS n")
        .finally(() => app.end())
      expect(dropped.rows[0].n).toBeGreaterThanOrEqual(1)
      const month = (ahead: number) => {
        const d = new Date()
        const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + ahead, 1))
        return `events_${m.getUTCFullYear()}_${String(m.getUTCMonth() + 1).padStart(2, "0")}`
      }
      const now = await partitions()
      expect(now).not.toContain("events_2020_01")
      expect(now).toEqual(expect.arrayContaining([month(0), month(1), month(2)]))
    } finally {
      await client.end()
    }
  })
})
