import { beforeAll, describe, expect, it } from "vitest"
import { useAssistantServer } from "../support/assistantServer.js"
import { pdfOf } from "../support/pdf.js"
import { type Session, signUp } from "../support/session.js"
import { until } from "../support/until.js"

const ctx = useAssistantServer()

const NOTES = [
  "# Momentum notes on Apple (AAPL)",
  "",
  "Our first rule: buy when the 20-day moving average crosses above the 50-day moving average.",
  "Keep a 7% stop loss on every position.",
  "",
  "A second idea is mean reversion: buy when the 14-day RSI falls below 25 and sell when it rises above 65.",
  "Nothing else in this paragraph is a rule."
].join("\n")

const upload = (user: Session, name: string, bytes: Uint8Array | string) =>
  ctx.call("POST", `/api/research/documents?name=${encodeURIComponent(name)}`, {
    token: user.token,
    rawBody: typeof bytes === "string" ? Buffer.from(bytes) : bytes,
    headers: { "content-type": "application/octet-stream" }
  })

const ready = (user: Session, id: string) =>
  until(
    "the document to be read",
    async () => {
      const res = await ctx.call("GET", `/api/research/documents/${id}`, { token: user.token })
      return res.body.state === "ready" || res.body.state === "failed" ? res.body : undefined
    },
    60_000
  )

let user: Session
beforeAll(async () => {
  user = await signUp(ctx.call, "researcher")
})

describe("research documents", () => {
  it("are handed to the Librarian, which drafts strategies from them, each with its passage", async () => {
    const started = await upload(user, "momentum.md", NOTES)
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    expect(started.body).toMatchObject({
      name: "momentum.md",
      contentType: "text/markdown",
      state: "queued"
    })
    const done = await ready(user, started.body.id)
    expect(done.state, done.message).toBe("ready")
    expect(done.title).toBe("Momentum notes on Apple (AAPL)")
    expect(done.message).toBe("Read; 2 strategy drafts to review")
    const [crossover, rsi] = done.strategyDrafts
    expect(crossover).toMatchObject({ title: "SMA 20/50 crossover", issues: 0, strategyId: null })
    expect(crossover.passage.text).toBe(
      "Our first rule: buy when the 20-day moving average crosses above the 50-day moving average.\nKeep a 7% stop loss on every position."
    )
    expect(NOTES.slice(crossover.passage.start, crossover.passage.end)).toBe(crossover.passage.text)
    expect(crossover.document).toMatchObject({
      symbols: ["AAPL"],
      timeframe: "1d",
      stopLossPercent: 7,
      entry: { rule: "cross", left: { indicator: "sma", period: 20 }, crosses: "above" }
    })
    expect(rsi.document).toMatchObject({
      entry: {
        rule: "compare",
        left: { indicator: "rsi", period: 14 },
        is: "<",
        right: { value: 25 }
      },
      exit: { rule: "compare", is: ">", right: { value: 65 } }
    })
    // The bytes were handed over and are not kept.
    const [{ content }] = (await ctx.server.ownerQuery(
      (sql) => sql`SELECT content FROM app_data.research_documents WHERE id = ${started.body.id}`
    )) as [{ content: unknown }]
    expect(content).toBeNull()
    expect(ctx.standIn.documents().size).toBeGreaterThan(0)

    // The same file again is the same document.
    const again = await upload(user, "copy.md", NOTES)
    expect(again.body.id).toBe(started.body.id)

    // A draft saved as a strategy says so; another account's drafts cannot be claimed.
    const saved = await ctx.call("POST", "/api/strategies", {
      token: user.token,
      body: { name: "From my notes", document: crossover.document, draftId: crossover.id }
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(201)
    const after = await ctx.call("GET", `/api/research/documents/${started.body.id}`, {
      token: user.token
    })
    expect(after.body.strategyDrafts[0].strategyId).toBe(saved.body.id)
    const stranger = await signUp(ctx.call, "stranger")
    const claimed = await ctx.call("POST", "/api/strategies", {
      token: stranger.token,
      body: { name: "Not mine", document: crossover.document, draftId: rsi.id }
    })
    expect(claimed.status).toBe(422)
    expect(
      (
        await ctx.call("GET", `/api/research/documents/${started.body.id}`, {
          token: stranger.token
        })
      ).status
    ).toBe(404)

    const dismissed = await ctx.call("POST", `/api/research/drafts/${rsi.id}/dismiss`, {
      token: user.token
    })
    expect(dismissed.status).toBe(204)
  })

  it("reads PDFs page by page, and the passage says its page", async () => {
    const pdf = pdfOf([
      ["Bitcoin (BTC-USD) research, page one.", "Nothing to trade here."],
      [
        "Rule: invest $250 every week, whatever the price.",
        "On hourly candles, buy when the close breaks above the upper Bollinger band (20-period, 2 standard deviations)."
      ]
    ])
    const started = await upload(user, "bitcoin.pdf", pdf)
    expect(started.status, JSON.stringify(started.body)).toBe(202)
    const done = await ready(user, started.body.id)
    expect(done.state, done.message).toBe("ready")
    expect(done.pages).toBe(2)
    expect(done.strategyDrafts.map((d: { title: string }) => d.title)).toEqual([
      "Buy every 7 days",
      "Bollinger 20, 2σ breakout"
    ])
    expect(done.strategyDrafts.map((d: { passage: { page: number } }) => d.passage.page)).toEqual([
      2, 2
    ])
    expect(done.strategyDrafts[0].document).toMatchObject({
      sizing: { type: "fixed", amount: 250 },
      entry: { rule: "every", bars: 7 },
      symbols: ["BTC-USD"]
    })
    expect(done.strategyDrafts[1].document).toMatchObject({ timeframe: "1h" })
  })

  it("refuses what it cannot take, saying why", async () => {
    const wrongName = await upload(user, "notes.exe", "text")
    expect(wrongName.status).toBe(400)
    expect(JSON.stringify(wrongName.body)).toContain(
      "name must end in .pdf, .md, .markdown or .txt"
    )
    const notPdf = await upload(user, "fake.pdf", "plain words")
    expect(notPdf.status).toBe(422)
    expect(notPdf.body.message).toBe("This file is not a PDF")
    const notText = await upload(user, "binary.txt", new Uint8Array([0xff, 0xfe, 0x00, 0x41]))
    expect(notText.status).toBe(422)
    const json = await ctx.call("POST", "/api/research/documents?name=a.md", {
      token: user.token,
      body: { text: "not a file" }
    })
    expect(json.status).toBe(415)
    const tooLarge = await ctx.call("POST", "/api/research/documents?name=big.txt", {
      token: user.token,
      rawBody: new Uint8Array(20 * 1024 * 1024 + 1).fill(65),
      headers: { "content-type": "application/octet-stream" }
    })
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.body.message).toBe("The file is larger than 20 MiB")
  })

  it("retries a Librarian that stumbles, and the assistant can quote the documents", async () => {
    const reader = await signUp(ctx.call, "reader")
    const before = ctx.standIn.documentRequests()
    ctx.standIn.script([{ status: 503 }])
    const started = await upload(
      reader,
      "reversion.txt",
      "Mean reversion works in ranges: buy when RSI drops below 30 and sell when it climbs above 70."
    )
    const done = await ready(reader, started.body.id)
    expect(done.state, done.message).toBe("ready")
    // The ingest twice (a 503, then the document), and the drafts once.
    expect(ctx.standIn.documentRequests() - before).toBe(3)

    const answer = await ctx.call("POST", "/api/ai/chat", {
      token: reader.token,
      body: { message: "What does my research document say about mean reversion?" }
    })
    expect(answer.status, JSON.stringify(answer.body)).toBe(200)
    expect(answer.body.reply).toContain(`In "reversion.txt"`)
    expect(answer.body.sources[0]).toMatchObject({ title: "reversion.txt" })

    // Deleted here and at the Librarian.
    const librarianId = [...ctx.standIn.documents().values()].find(
      (d) => d.name === "reversion.txt"
    )?.id
    expect(librarianId).toBeDefined()
    const deleted = await ctx.call("DELETE", `/api/research/documents/${started.body.id}`, {
      token: reader.token
    })
    expect(deleted.status).toBe(204)
    expect(ctx.standIn.documents().has(librarianId as string)).toBe(false)
    const list = await ctx.call("GET", "/api/research/documents", { token: reader.token })
    expect(list.body.items).toEqual([])
  })

  it("leaves nothing at the Librarian of a document deleted while it was handed over", async () => {
    const hasty = await signUp(ctx.call, "hasty")
    ctx.standIn.script([{ delayMs: 1500 }])
    const started = await upload(
      hasty,
      "hasty.md",
      "# Hasty (MSFT)\n\nBuy when RSI falls below 30."
    )
    await until("the hand-over to begin", async () => {
      const res = await ctx.call("GET", `/api/research/documents/${started.body.id}`, {
        token: hasty.token
      })
      return res.body.state === "ingesting" ? true : undefined
    })
    const deleted = await ctx.call("DELETE", `/api/research/documents/${started.body.id}`, {
      token: hasty.token
    })
    expect(deleted.status).toBe(204)
    const named = () => [...ctx.standIn.documents().values()].filter((d) => d.name === "hasty.md")
    // The Librarian takes it 1.5 s after it was asked, after the delete here; the job then
    // deletes it there.
    await new Promise((r) => setTimeout(r, 2500))
    expect(named()).toEqual([])
  })
})
