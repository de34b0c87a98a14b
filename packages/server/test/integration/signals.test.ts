import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { SqlClient } from "@effect/sql"
import { StrategyDocument } from "@trading-app/domain"
import { Effect, Layer, Option, Redacted, Schema } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { AppConfigTest } from "../../src/AppConfig.js"
import { rewrapAll } from "../../src/Secrets/Rewrap.js"
import { SecretBox } from "../../src/Secrets/SecretBox.js"
import { replayWatch } from "../../src/Signals/Live.js"
import { webhookContext } from "../../src/Signals/WebhookAddress.js"
import { barsOf } from "../../src/Strategies/Bars.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp, signUpAs } from "../support/session.js"
import { smaCrossDocument } from "../support/strategyDocument.js"
import { startTestServer, type TestServer } from "../support/TestServer.js"
import { until } from "../support/until.js"

const { call, ownerQuery } = useTestServer()
const pipeline = usePipeline()

const SYMBOL = uniqueSymbol("SG")
const MINUTE = 60_000
// Closed 1-minute candles for the last three hours: a wave, so short and long averages cross.
const NOW_MINUTE = Math.floor(Date.now() / MINUTE) * MINUTE
const CANDLES = Array.from({ length: 180 }, (_, i) => {
  const close = Number((100 + 5 * Math.sin(i / 4) + i / 50).toFixed(4))
  const open = Number((100 + 5 * Math.sin((i - 1) / 4) + (i - 1) / 50).toFixed(4))
  return {
    time: NOW_MINUTE - (180 - i) * MINUTE,
    open,
    high: Number((Math.max(open, close) + 0.5).toFixed(4)),
    low: Number((Math.min(open, close) - 0.5).toFixed(4)),
    close,
    volume: 1
  }
})
// The watch is taken to have begun an hour ago.
const STARTED = NOW_MINUTE - 60 * MINUTE

const document = smaCrossDocument(SYMBOL, { stopLossPercent: 3 })

/** A loopback webhook receiver: it keeps what it gets and answers as told. */
interface Receiver {
  readonly url: string
  readonly posts: Array<{ content: string; embeds?: Array<{ title: string }> }>
  /** Answers for the coming posts, in order; 204 once they are used up. */
  readonly answers: Array<number>
}
const receivers: Array<Server> = []
const receiver = async (): Promise<Receiver> => {
  const state: Receiver = { url: "", posts: [], answers: [] }
  const server = createServer((req, res) => {
    let body = ""
    req.on("data", (c) => {
      body += c
    })
    req.on("end", () => {
      const status = state.answers.shift() ?? 204
      if (status === 204) state.posts.push(JSON.parse(body))
      res.writeHead(status).end()
    })
  })
  receivers.push(server)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { ...state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` }
}
afterAll(() => Promise.all(receivers.map((s) => new Promise((r) => s.close(r)))))

let trader: Session
let strategyId: string
let hook: Receiver
beforeAll(async () => {
  await pipeline.instrument(SYMBOL)
  await pipeline.candles(
    CANDLES.map((c) => ({
      symbol: SYMBOL,
      interval: "1m",
      time: new Date(c.time).toISOString(),
      open: String(c.open),
      close: String(c.close)
    }))
  )
  // The helper makes high and low from open and close; set the wider ones of the wave.
  await pipeline.query(
    `UPDATE ohlc SET high = r.h, low = r.l FROM unnest($2::float8[], $3::numeric[], $4::numeric[]) AS r(t, h, l)
     WHERE symbol = $1 AND interval = '1m' AND bucket_start = to_timestamp(r.t / 1000.0)`,
    [SYMBOL, CANDLES.map((c) => c.time), CANDLES.map((c) => c.high), CANDLES.map((c) => c.low)]
  )
  trader = await signUp(call, "watcher")
  const created = await call("POST", "/api/strategies", {
    token: trader.token,
    body: { name: "Wave crossover", document }
  })
  expect(created.status, JSON.stringify(created.body)).toBe(201)
  strategyId = created.body.id
  hook = await receiver()
})

const signalsOf = async (watchId: string, token = trader.token) =>
  (await call("GET", `/api/signals?watchId=${watchId}&limit=200`, { token })).body.items as Array<{
    id: string
    symbol: string
    side: string
    reason: string
    barTime: string
    price: string
    webhook: { state: string; message: string }
  }>

describe("webhook settings", () => {
  it("keep the address sealed, show only its host, and refuse what cannot be posted to", async () => {
    const bad = await call("PUT", "/api/signals/webhook", {
      token: trader.token,
      body: { url: "ftp://example.com/hook" }
    })
    expect(bad.status).toBe(422)
    expect(bad.body.issues[0]).toMatchObject({
      path: ["url"],
      message: "The address must start with https://"
    })
    const nowhere = await call("PUT", "/api/signals/webhook", {
      token: trader.token,
      body: { url: "https://no-such-host.invalid/hook" }
    })
    expect(nowhere.status).toBe(422)

    const set = await call("PUT", "/api/signals/webhook", {
      token: trader.token,
      body: { url: hook.url }
    })
    expect(set.status, JSON.stringify(set.body)).toBe(200)
    expect(set.body).toMatchObject({ configured: true, host: "127.0.0.1" })
    const [row] = await ownerQuery(
      (sql) =>
        sql<{ sealed: Uint8Array }>`SELECT url_encrypted AS sealed FROM app_data.signal_webhooks
                                    WHERE user_id = ${trader.userId}`
    )
    expect(Buffer.from(row!.sealed).toString("latin1")).not.toContain("/hook")

    // The test button posts once and tells what the receiver answered.
    const tested = await call("POST", "/api/signals/webhook/test", { token: trader.token })
    expect(tested.body).toEqual({ delivered: true, status: 204, message: "Delivered" })
    expect(hook.posts.at(-1)?.content).toContain("Test message")
    hook.answers.push(404)
    const refused = await call("POST", "/api/signals/webhook/test", { token: trader.token })
    expect(refused.body).toMatchObject({ delivered: false, status: 404 })
    expect(refused.body.message).toContain("it may have been deleted")

    const audit = await ownerQuery(
      (sql) =>
        sql<{ action: string }>`SELECT action FROM app_data.audit_log
                                WHERE user_id = ${trader.userId} AND action LIKE 'signal_webhook%'`
    )
    expect(audit.map((a) => a.action)).toContain("signal_webhook_set")
  })
})

describe("a watch", () => {
  it("replays the strategy on each closed candle, once, posting each new signal", async () => {
    const other = await signUp(call, "no-hook")
    const foreign = await call("POST", "/api/signals/watches", {
      token: other.token,
      body: { strategyId }
    })
    expect(foreign.status).toBe(404)

    const started = await call("POST", "/api/signals/watches", {
      token: trader.token,
      body: { strategyId, webhook: true }
    })
    expect(started.status, JSON.stringify(started.body)).toBe(201)
    const watchId = started.body.id
    expect(started.body).toMatchObject({
      strategyName: "Wave crossover",
      version: 1,
      symbols: [SYMBOL],
      timeframe: "1m",
      webhook: true,
      stoppedAt: null,
      signals: 0
    })
    const again = await call("POST", "/api/signals/watches", {
      token: trader.token,
      body: { strategyId }
    })
    expect(again.status).toBe(409)

    // What the engine says of these candles from an hour ago (all closed).
    const expected = replayWatch(
      Schema.decodeUnknownSync(StrategyDocument)(document),
      new Map([[SYMBOL, barsOf(CANDLES)]]),
      STARTED,
      10_000
    ).signals
    expect(expected.length).toBeGreaterThan(4)

    // The first post fails (503): it is retried and delivered.
    hook.answers.push(503)
    const posted = hook.posts.length
    await ownerQuery(
      (sql) => sql`UPDATE app_data.strategy_watches
                   SET started_at = ${new Date(STARTED)}, due_at = now() WHERE id = ${watchId}`
    )
    const found = await until(
      "the watch's signals",
      async () => {
        const items = await signalsOf(watchId)
        return items.length >= expected.length ? items : undefined
      },
      20_000
    )
    expect(
      found
        .map((s) => ({
          symbol: s.symbol,
          side: s.side,
          reason: s.reason,
          time: Date.parse(s.barTime),
          price: Number(s.price)
        }))
        .reverse()
    ).toEqual(expected)

    // Each new signal went on the owner's event stream, and to the webhook.
    const events = await ownerQuery(
      (sql) => sql<{ n: number }>`SELECT count(*)::int AS n FROM app_data.events
                                  WHERE user_id = ${trader.userId} AND type = 'signal'`
    )
    expect(events[0]?.n).toBe(expected.length)
    await until(
      "every post",
      async () => {
        const items = await signalsOf(watchId)
        return items.every((s) => s.webhook.state === "sent") ? true : undefined
      },
      20_000
    )
    expect(hook.posts.length - posted).toBe(expected.length)
    expect(hook.posts.at(-1)?.embeds?.[0]?.title).toMatch(/^(Entry|Exit) signal: /)
    // Each post's end went on the stream too, for the pages that show it as "Posting".
    const ends = await ownerQuery(
      (sql) => sql<{ payload: { signalId: string; webhook: { state: string } } }>`
        SELECT payload FROM app_data.events
        WHERE user_id = ${trader.userId} AND type = 'signal.webhook'`
    )
    expect(new Set(ends.map((e) => e.payload.signalId))).toEqual(new Set(found.map((s) => s.id)))
    expect(ends.every((e) => e.payload.webhook.state === "sent")).toBe(true)

    // Replayed again by two replicas at once: nothing is added or posted twice.
    const replica: TestServer = await startTestServer()
    try {
      for (let i = 0; i < 3; i++) {
        await ownerQuery(
          (sql) => sql`UPDATE app_data.strategy_watches SET due_at = now() WHERE id = ${watchId}`
        )
        await until("the replay", async () => {
          const [row] = await ownerQuery(
            (sql) => sql<{ due: boolean }>`SELECT due_at > now() AS due
                                          FROM app_data.strategy_watches WHERE id = ${watchId}`
          )
          return row?.due === true ? true : undefined
        })
      }
    } finally {
      await replica.close()
    }
    expect((await signalsOf(watchId)).length).toBe(expected.length)
    expect(hook.posts.length - posted).toBe(expected.length)

    const listed = await call("GET", "/api/signals/watches", { token: trader.token })
    expect(listed.body.items[0]).toMatchObject({ id: watchId, signals: expected.length })
    expect(Date.parse(listed.body.items[0].lastBar)).toBe(CANDLES.at(-1)?.time)
    expect(Date.parse(listed.body.items[0].nextCheckAt)).toBeGreaterThan(Date.now())

    // Posting can be turned off (and back on) while it runs, by its owner only; each change is
    // in the audit log.
    const unhook = (token: string, webhook: boolean) =>
      call("PATCH", `/api/signals/watches/${watchId}`, { token, body: { webhook } })
    expect((await unhook(other.token, false)).status).toBe(404)
    expect((await unhook(trader.token, false)).body).toMatchObject({ id: watchId, webhook: false })
    expect((await unhook(trader.token, true)).body).toMatchObject({ webhook: true })
    const changes = await ownerQuery(
      (sql) => sql<{ details: { webhook: boolean } }>`SELECT details FROM app_data.audit_log
        WHERE user_id = ${trader.userId} AND action = 'watch_webhook_changed' ORDER BY created_at`
    )
    expect(changes.map((c) => c.details.webhook)).toEqual([false, true])

    // Stopped: its signals stay; another account cannot touch it.
    expect(
      (await call("POST", `/api/signals/watches/${watchId}/stop`, { token: other.token })).status
    ).toBe(404)
    const stopped = await call("POST", `/api/signals/watches/${watchId}/stop`, {
      token: trader.token
    })
    expect(stopped.body).toMatchObject({ nextCheckAt: null })
    expect(stopped.body.stoppedAt).not.toBeNull()
    expect((await signalsOf(watchId)).length).toBe(expected.length)
    expect((await signalsOf(watchId, other.token)).length).toBe(0)
  })

  it("refuses to post without a webhook, and a viewer cannot watch", async () => {
    const plain = await signUp(call, "plain")
    const created = await call("POST", "/api/strategies", {
      token: plain.token,
      body: { name: "Plain", document }
    })
    const refused = await call("POST", "/api/signals/watches", {
      token: plain.token,
      body: { strategyId: created.body.id, webhook: true }
    })
    expect(refused.status).toBe(422)
    expect(refused.body.issues[0].path).toEqual(["webhook"])

    const viewer = await signUpAs(call, ownerQuery, "viewer")
    const forbidden = await call("POST", "/api/signals/watches", {
      token: viewer.token,
      body: { strategyId: created.body.id }
    })
    expect(forbidden.status).toBe(403)

    const bad = await call("GET", "/api/signals?cursor=nonsense", { token: plain.token })
    expect(bad.status).toBe(400)
  })

  it("stops by itself, saying why, when its strategy version can no longer be read", async () => {
    const owner = await signUp(call, "unreadable")
    const created = await call("POST", "/api/strategies", {
      token: owner.token,
      body: { name: "Old", document }
    })
    const started = await call("POST", "/api/signals/watches", {
      token: owner.token,
      body: { strategyId: created.body.id }
    })
    expect(started.status).toBe(201)
    // As a document written by a release that no longer exists would be.
    await ownerQuery(
      (sql) => sql`UPDATE app_data.strategy_versions SET document = '{"schemaVersion": 99}'::jsonb
                   WHERE strategy_id = ${created.body.id}`
    )
    await ownerQuery(
      (sql) =>
        sql`UPDATE app_data.strategy_watches SET due_at = now() WHERE id = ${started.body.id}`
    )
    const stopped = await until("the watch to stop", async () => {
      const [row] = await ownerQuery(
        (sql) => sql<{ stopped: boolean; message: string }>`
          SELECT stopped_at IS NOT NULL AS stopped, message FROM app_data.strategy_watches
          WHERE id = ${started.body.id}`
      )
      return row?.stopped === true ? row : undefined
    })
    expect(stopped.message).toBe(
      "This version of the strategy can no longer be read; watch the strategy again"
    )
  })
})

describe("sealed webhook addresses", () => {
  const OLD = "test-1:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMDEyMzQ="
  const NEW = `test-2:${Buffer.alloc(32, 7).toString("base64")}`
  /** The rotation job's work, as a process with this ring of master keys runs it. */
  const rewrapWith = (ring: string) =>
    ownerQuery((sql) =>
      rewrapAll.pipe(
        Effect.map((result) => [result]),
        Effect.provideService(SqlClient.SqlClient, sql),
        Effect.provide(
          SecretBox.Default.pipe(
            Layer.provide(
              AppConfigTest({
                databaseUrl: Redacted.make("postgres://unused"),
                secretsKeys: Option.some(Redacted.make(ring))
              })
            )
          )
        )
      )
    )
  const sealedOf = async (userId: string) =>
    (
      await ownerQuery(
        (sql) => sql<{ sealed: Uint8Array; keyId: string }>`
          SELECT url_encrypted AS sealed, key_id AS "keyId" FROM app_data.signal_webhooks
          WHERE user_id = ${userId}`
      )
    )[0]

  it("move to a new master key when the rotation job runs, and open with it alone", async () => {
    const owner = await signUp(call, "rotating")
    const set = await call("PUT", "/api/signals/webhook", {
      token: owner.token,
      body: { url: hook.url }
    })
    expect(set.status).toBe(200)
    expect((await sealedOf(owner.userId))?.keyId).toBe("test-1")
    try {
      const [moved] = await rewrapWith(`${NEW},${OLD}`)
      expect(moved?.rewrapped).toBeGreaterThanOrEqual(1)
      const row = await sealedOf(owner.userId)
      expect(row?.keyId).toBe("test-2")
      const opened = await Effect.runPromise(
        Effect.flatMap(SecretBox, (box) =>
          box.open(row!.sealed, webhookContext(owner.userId))
        ).pipe(
          Effect.provide(
            SecretBox.Default.pipe(
              Layer.provide(
                AppConfigTest({
                  databaseUrl: Redacted.make("postgres://unused"),
                  secretsKeys: Option.some(Redacted.make(NEW))
                })
              )
            )
          )
        )
      )
      expect(opened).toBe(hook.url)
    } finally {
      // Back under the suite's key, which every other server of the run holds.
      await rewrapWith(`${OLD},${NEW}`)
    }
    expect((await sealedOf(owner.userId))?.keyId).toBe("test-1")
    const tested = await call("POST", "/api/signals/webhook/test", { token: owner.token })
    expect(tested.body).toMatchObject({ delivered: true })
  })
})
