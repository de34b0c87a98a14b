import { STRATEGY_TEMPLATES, StrategyDocument } from "@trading-app/domain"
import { Schema } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { runBacktest } from "../../src/Strategies/Backtest.js"
import { barsOf } from "../../src/Strategies/Bars.js"
import { uniqueSymbol, usePipeline } from "../support/pipeline.js"
import { useTestServer } from "../support/server.js"
import { type Session, signUp, signUpAs } from "../support/session.js"
import { until } from "../support/until.js"

const { call, ownerQuery } = useTestServer()
const pipeline = usePipeline()

const SYMBOL = uniqueSymbol("ST")
const OTHER = uniqueSymbol("SE")
const DAY = 86_400_000
const START = Date.UTC(2024, 0, 1)

// 200 daily candles: a slow wave with a drift, so moving averages cross a few times.
const CANDLES = Array.from({ length: 200 }, (_, i) => {
  const close = 100 + 20 * Math.sin(i / 9) + i / 10
  const open = 100 + 20 * Math.sin((i - 1) / 9) + (i - 1) / 10
  return {
    time: START + i * DAY,
    open: Number(open.toFixed(4)),
    high: Number((Math.max(open, close) + 1).toFixed(4)),
    low: Number((Math.min(open, close) - 1).toFixed(4)),
    close: Number(close.toFixed(4)),
    volume: 1000
  }
})

const template = (key: string) => {
  const found = STRATEGY_TEMPLATES.find((t) => t.key === key)
  if (found === undefined) throw new Error(key)
  return { ...Schema.encodeSync(StrategyDocument)(found.document), symbols: [SYMBOL] }
}
const crossover = {
  ...template("sma-crossover"),
  entry: {
    rule: "cross",
    left: { indicator: "sma", period: 5 },
    crosses: "above",
    right: { indicator: "sma", period: 20 }
  },
  exit: {
    rule: "cross",
    left: { indicator: "sma", period: 5 },
    crosses: "below",
    right: { indicator: "sma", period: 20 }
  },
  stopLossPercent: 8
}

let trader: Session
beforeAll(async () => {
  await pipeline.instrument(SYMBOL)
  await pipeline.instrument(OTHER, "EUR")
  await pipeline.query(
    `INSERT INTO ohlc (symbol, interval, bucket_start, open, high, low, close, volume)
     SELECT $1, '1d', to_timestamp(t / 1000.0), o, h, l, c, v
     FROM unnest($2::float8[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[])
       AS r(t, o, h, l, c, v)`,
    [
      SYMBOL,
      CANDLES.map((c) => c.time),
      CANDLES.map((c) => c.open),
      CANDLES.map((c) => c.high),
      CANDLES.map((c) => c.low),
      CANDLES.map((c) => c.close),
      CANDLES.map((c) => c.volume)
    ]
  )
  trader = await signUpAs(call, ownerQuery, "trader", "strategist")
})

const create = (body: unknown, token = trader.token) =>
  call("POST", "/api/strategies", { token, body })

describe("strategies", () => {
  it("are saved, listed, versioned on each change of the document, and deleted", async () => {
    const created = await create({ name: "Crossover", document: crossover })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ name: "Crossover", version: 1, description: "" })
    expect(created.body.document).toMatchObject({ symbols: [SYMBOL], feePercent: 0.1 })
    const id = created.body.id

    // The same document again: no new version. A changed one: version 2, the first kept.
    const same = await call("PATCH", `/api/strategies/${id}`, {
      token: trader.token,
      body: { description: "Fast over slow", document: crossover }
    })
    expect(same.body).toMatchObject({ version: 1, description: "Fast over slow" })
    const changed = await call("PATCH", `/api/strategies/${id}`, {
      token: trader.token,
      body: { document: { ...crossover, stopLossPercent: 5 } }
    })
    expect(changed.body).toMatchObject({ version: 2 })
    const versions = await call("GET", `/api/strategies/${id}/versions`, { token: trader.token })
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1])
    expect(versions.body.items[1].document.stopLossPercent).toBe(8)

    expect((await create({ name: "crossover", document: crossover })).status).toBe(409)
    const list = await call("GET", "/api/strategies", { token: trader.token })
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(id)

    // Another account sees nothing of it.
    const stranger = await signUp(call, "stranger")
    expect((await call("GET", `/api/strategies/${id}`, { token: stranger.token })).status).toBe(404)
    expect((await call("DELETE", `/api/strategies/${id}`, { token: stranger.token })).status).toBe(
      404
    )

    expect((await call("DELETE", `/api/strategies/${id}`, { token: trader.token })).status).toBe(
      204
    )
    expect((await call("GET", `/api/strategies/${id}`, { token: trader.token })).status).toBe(404)
  })

  it("refuses a faulty document with each problem at its place", async () => {
    const res = await create({
      name: "Faulty",
      document: {
        ...crossover,
        entry: {
          rule: "all",
          of: [
            { rule: "compare", left: { price: "last" }, is: ">", right: { value: 1 } },
            {
              rule: "cross",
              left: { indicator: "sma", period: 0 },
              crosses: "above",
              right: { value: 1 }
            }
          ]
        }
      }
    })
    expect(res.status).toBe(400)
    const issues = res.body.issues.map((i: { path: Array<string | number> }) => i.path.join("."))
    expect(issues).toEqual(["document.entry.of.0.left.price", "document.entry.of.1.left.period"])
    expect(JSON.stringify(res.body)).toContain('price must be one of \\"open\\"')
  })

  it("serve the templates, and are for traders to write", async () => {
    const templates = await call("GET", "/api/strategies/templates", { token: trader.token })
    expect(templates.body.items.map((t: { key: string }) => t.key)).toEqual([
      "sma-crossover",
      "rsi-mean-reversion",
      "bollinger-breakout",
      "periodic-dca"
    ])
    const viewer = await signUpAs(call, ownerQuery, "viewer", "watcher")
    expect((await create({ name: "Mine", document: crossover }, viewer.token)).status).toBe(403)
  })
})

describe("a backtest", () => {
  const waitReady = (token: string, id: string) =>
    until(
      "the backtest to finish",
      async () => {
        const res = await call("GET", `/api/backtests/${id}`, { token })
        return res.body.state === "ready" || res.body.state === "failed" ? res.body : undefined
      },
      30_000
    )

  it("runs as a job and stores the report the engine gives on the same candles; the same inputs give the identical report", async () => {
    const strategy = (await create({ name: "Backtested", document: crossover })).body
    const from = new Date(START + 30 * DAY).toISOString()
    const to = new Date(START + 200 * DAY).toISOString()
    const started = await call("POST", "/api/backtests", {
      token: trader.token,
      body: { strategyId: strategy.id, from, to, initialCapital: "10000" }
    })
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    expect(started.body).toMatchObject({ state: "queued", version: 1, strategyName: "Backtested" })
    const done = await waitReady(trader.token, started.body.id)
    expect(done.state, done.message).toBe("ready")

    // The engine itself on the candles stored, from the range's start (earlier ones warm up).
    const expected = runBacktest({
      document: Schema.decodeUnknownSync(StrategyDocument)(crossover),
      bars: new Map([[SYMBOL, barsOf(CANDLES)]]),
      from: Date.parse(from),
      initialCapital: 10_000
    })
    const report = done.report
    expect(report.metrics).toEqual(expected.metrics)
    expect(report.metrics.trades).toBeGreaterThan(1)
    expect(report.firstBar).toBe(from)
    expect(report.currency).toBe("USD")
    expect(report.trades).toHaveLength(expected.trades.length)
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(done.totalReturnPercent).toBe(expected.metrics.totalReturnPercent)

    const again = await call("POST", "/api/backtests", {
      token: trader.token,
      body: { strategyId: strategy.id, from, to, initialCapital: "10000" }
    })
    const second = await waitReady(trader.token, again.body.id)
    expect(second.message).toContain("the same inputs were tested before")
    expect(JSON.stringify(second.report)).toBe(JSON.stringify(report))

    const list = await call("GET", `/api/backtests?strategyId=${strategy.id}`, {
      token: trader.token
    })
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([
      again.body.id,
      started.body.id
    ])
  })

  it("says what is wrong with its input", async () => {
    const strategy = (await create({ name: "Checked", document: crossover })).body
    const body = (extra: object) => ({
      strategyId: strategy.id,
      from: "2024-01-01T00:00:00Z",
      to: "2024-06-01T00:00:00Z",
      ...extra
    })
    const post = (b: object) => call("POST", "/api/backtests", { token: trader.token, body: b })
    const backwards = await post(body({ from: "2024-07-01T00:00:00Z" }))
    expect(backwards.status).toBe(422)
    expect(backwards.body.issues[0].path).toEqual(["from"])
    expect((await post(body({ version: 9 }))).status).toBe(404)
    const tooLong = await call("PATCH", `/api/strategies/${strategy.id}`, {
      token: trader.token,
      body: { document: { ...crossover, timeframe: "1m" } }
    })
    expect(tooLong.status).toBe(200)
    const huge = await post(body({ from: "2020-01-01T00:00:00Z" }))
    expect(huge.status).toBe(422)
    expect(huge.body.message).toMatch(/at most 1,000,000/)
    const mixed = await call("PATCH", `/api/strategies/${strategy.id}`, {
      token: trader.token,
      body: { document: { ...crossover, symbols: [SYMBOL, OTHER] } }
    })
    expect(mixed.status).toBe(200)
    const currencies = await post(body({}))
    expect(currencies.status).toBe(422)
    expect(currencies.body.message).toMatch(/one currency/)
  })

  it("holds at most three queued or running per account, across replicas", async () => {
    const user = await signUpAs(call, ownerQuery, "trader", "busy")
    const strategy = (await create({ name: "Busy", document: crossover }, user.token)).body
    await ownerQuery(
      (sql) => sql`INSERT INTO app_data.backtests
        (user_id, strategy_id, version, range_from, range_to, initial_capital, state)
        SELECT ${user.userId}, ${strategy.id}, 1, now() - interval '2 days', now(), 1000, 'running'
        FROM generate_series(1, 3) RETURNING id`
    )
    const refused = await call("POST", "/api/backtests", {
      token: user.token,
      body: {
        strategyId: strategy.id,
        from: new Date(START + 30 * DAY).toISOString(),
        to: new Date(START + 100 * DAY).toISOString()
      }
    })
    expect(refused.status).toBe(429)
    expect(refused.headers.get("retry-after")).toBe("10")
  })
})

describe("indicator lines", () => {
  it("are computed on closed candles, warmed up on the candles before from", async () => {
    const res = await call("POST", `/api/indicators/${SYMBOL}`, {
      token: trader.token,
      body: {
        interval: "1d",
        from: new Date(START + 30 * DAY).toISOString(),
        to: new Date(START + 40 * DAY).toISOString(),
        indicators: [
          { indicator: "sma", period: 5 },
          { indicator: "rsi", period: 14 }
        ]
      }
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body.times).toHaveLength(10)
    expect(res.body.times[0]).toBe(new Date(START + 30 * DAY).toISOString())
    // The SMA on day 30 is the mean of the closes of days 26 to 30.
    const mean = CANDLES.slice(26, 31).reduce((s, c) => s + c.close, 0) / 5
    expect(res.body.lines[0].values[0]).toBeCloseTo(mean, 9)
    expect(res.body.lines[1].values.every((v: number | null) => v !== null)).toBe(true)
  })

  it("name a faulty line, and an unknown instrument", async () => {
    const faulty = await call("POST", `/api/indicators/${SYMBOL}`, {
      token: trader.token,
      body: { interval: "1d", indicators: [{ indicator: "sma", period: 5 }, { indicator: "sma" }] }
    })
    expect(faulty.status).toBe(400)
    expect(faulty.body.issues.map((i: { path: Array<unknown> }) => i.path)).toEqual([
      ["indicators", 1, "period"]
    ])
    const unknown = await call("POST", "/api/indicators/NOPE123", {
      token: trader.token,
      body: { interval: "1d", indicators: [{ indicator: "vwap" }] }
    })
    expect(unknown.status).toBe(404)
  })
})

describe("a parameter search", () => {
  const waitDone = (id: string) =>
    until(
      "the search to finish",
      async () => {
        const res = await call("GET", `/api/searches/${id}`, { token: trader.token })
        return res.body.state === "ready" || res.body.state === "failed" ? res.body : undefined
      },
      60_000
    )

  it("tests every set of the grid in and out of sample, in chunks, and ranks them", async () => {
    const strategy = (await create({ name: "Searched", document: crossover })).body
    const from = new Date(START + 30 * DAY).toISOString()
    const to = new Date(START + 200 * DAY).toISOString()
    const started = await call("POST", "/api/searches", {
      token: trader.token,
      body: {
        strategyId: strategy.id,
        from,
        to,
        parameters: [
          { path: "entry.left.period", from: 3, to: 7, step: 1 },
          { path: "entry.right.period", from: 15, to: 35, step: 5 }
        ],
        outOfSamplePercent: 30,
        objective: "totalReturnPercent"
      }
    })
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    expect(started.body).toMatchObject({ state: "queued", totalSets: 25, doneSets: 0 })
    // 170 days, the last 30% (51 days) out of sample: the split is on day 30 + 119.
    expect(started.body.split).toBe(new Date(START + 149 * DAY).toISOString())
    const done = await waitDone(started.body.id)
    expect(done.state, done.message).toBe("ready")
    expect(done.doneSets).toBe(25)
    expect(done.results).toHaveLength(25)
    // Best in sample first.
    const objectives = done.results.map(
      (r: { inSample: { totalReturnPercent: number } }) => r.inSample.totalReturnPercent
    )
    expect(objectives).toEqual([...objectives].sort((a, b) => b - a))
    // Each set's figures are the engine's on the candles stored.
    const { evaluateSet, withValues } = await import("../../src/Strategies/Search.js")
    const best = done.results[0]
    const expected = evaluateSet({
      document: crossover as never,
      paths: ["entry.left.period", "entry.right.period"],
      values: best.values,
      bars: new Map([[SYMBOL, barsOf(CANDLES)]]),
      from: Date.parse(from),
      split: Date.parse(done.split),
      initialCapital: 10_000
    })
    expect({ inSample: best.inSample, outOfSample: best.outOfSample }).toEqual({
      inSample: expected.inSample,
      outOfSample: expected.outOfSample
    })
    expect(withValues(crossover as never, ["entry.left.period"], [best.values[0]])).toBeDefined()
  })

  it("says what is wrong with its parameters", async () => {
    const strategy = (await create({ name: "Searched badly", document: crossover })).body
    const post = (parameters: unknown, extra: object = {}) =>
      call("POST", "/api/searches", {
        token: trader.token,
        body: {
          strategyId: strategy.id,
          from: new Date(START + 30 * DAY).toISOString(),
          to: new Date(START + 200 * DAY).toISOString(),
          parameters,
          ...extra
        }
      })
    const noNumber = await post([{ path: "entry.left.perio", from: 1, to: 3, step: 1 }])
    expect(noNumber.status).toBe(422)
    expect(noNumber.body.issues[0]).toMatchObject({
      path: ["parameters", 0, "path"],
      message: "The strategy has no number at entry.left.perio"
    })
    const huge = await post([
      { path: "entry.left.period", from: 1, to: 30, step: 1 },
      { path: "entry.right.period", from: 1, to: 30, step: 1 }
    ])
    expect(huge.status).toBe(422)
    expect(huge.body.message).toMatch(/more than 500 sets/)
    // The same grid drawn at random is fine.
    const random = await post(
      [
        { path: "entry.left.period", from: 1, to: 30, step: 1 },
        { path: "entry.right.period", from: 31, to: 60, step: 1 }
      ],
      { method: "random", samples: 12, seed: 3 }
    )
    expect(random.status, JSON.stringify(random.body)).toBe(202)
    expect(random.body.totalSets).toBe(12)
    expect((await waitDone(random.body.id)).results).toHaveLength(12)
  })
})
