import { describe, expect, it } from "vitest"
import { useTestServer } from "../support/server.js"
import { firstPortfolioOf, type Session, signUp, signUpAs } from "../support/session.js"

const { call, ownerQuery } = useTestServer()

const GHOSTFOLIO =
  "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n" +
  "01-09-2025,Account Opening Fee,MANUAL,USD,0,0,fee,49,\n" +
  "16-09-2025,MSFT,YAHOO,USD,298.580,5,buy,19.00,My first order\n" +
  "17/11/2025,MSFT,YAHOO,USD,0.62,5,dividend,0.00,\n" +
  "18-11-2025,MSFT,YAHOO,USD,300,2,sell,1.5,\n" +
  "19-11-2025,MSFT,YAHOO,USD,abc,2,buy,1.5,\n"

const BINANCE =
  "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n" +
  "2025-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n" +
  "2025-02-01 10:00:00,BTCUSDT,BUY,42000,0.01BTC,420USDT,0.00001BTC\n" +
  "2025-02-02 10:00:00,BTCUSDT,SELL,43000,0.005BTC,215USDT,0.1USDT\n" +
  "2025-02-03 10:00:00,BTCUSDT,BUY,43000,0.01BTC,430USDT,0.0005BNB\n"

const upload = (
  session: Session,
  portfolioId: string,
  text: string | Uint8Array,
  fileName = "file.csv"
) =>
  call(
    "POST",
    `/api/imports/uploads?portfolioId=${portfolioId}&fileName=${encodeURIComponent(fileName)}`,
    {
      token: session.token,
      rawBody: typeof text === "string" ? new TextEncoder().encode(text) : text,
      headers: { "content-type": "application/octet-stream" }
    }
  )

/** Uploads a file and answers the options its detection suggests. */
const uploaded = async (session: Session, portfolioId: string, text: string | Uint8Array) => {
  const res = await upload(session, portfolioId, text)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return {
    id: res.body.id as string,
    options: { settings: res.body.settings, preset: res.body.preset },
    detected: res.body
  }
}

const activities = async (session: Session, portfolioId: string) =>
  (
    await call("GET", `/api/transactions?portfolioId=${portfolioId}&order=asc&limit=200`, {
      token: session.token
    })
  ).body.items as Array<Record<string, unknown>>

const without = ({
  id: _,
  portfolioId: __,
  createdAt: ___,
  updatedAt: ____,
  ...rest
}: Record<string, unknown>) => rest

describe("CSV imports", () => {
  it("previews a Ghostfolio file row by row, commits it once, and adds nothing the second time", async () => {
    const user = await signUp(call, "importer")
    const portfolioId = await firstPortfolioOf(call, user)
    const file = await uploaded(user, portfolioId, GHOSTFOLIO)
    expect(file.detected).toMatchObject({
      preset: "ghostfolio",
      size: GHOSTFOLIO.length,
      columns: [
        "Date",
        "Code",
        "DataSource",
        "Currency",
        "Price",
        "Quantity",
        "Action",
        "Fee",
        "Note"
      ],
      settings: { encoding: "utf-8", delimiter: ",", dateFormat: "dmy", header: true, skipRows: 0 }
    })

    const preview = await call("POST", `/api/imports/uploads/${file.id}/preview`, {
      token: user.token,
      body: { ...file.options, view: "problems" }
    })
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.counts).toEqual({
      rows: 5,
      ready: 4,
      invalid: 1,
      duplicates: 0,
      excluded: 0
    })
    expect(preview.body.total).toBe(1)
    expect(preview.body.rows).toEqual([
      expect.objectContaining({
        row: 6,
        status: "invalid",
        issues: [{ column: "Price", value: "abc", message: 'Not a number (decimal separator ".")' }]
      })
    ])

    const committed = await call("POST", `/api/imports/uploads/${file.id}/commit`, {
      token: user.token,
      body: file.options
    })
    expect(committed.status, JSON.stringify(committed.body)).toBe(201)
    expect(committed.body).toMatchObject({
      fileName: "file.csv",
      preset: "ghostfolio",
      rows: 5,
      imported: 4,
      invalid: 1,
      duplicates: 0,
      undoneAt: null
    })
    const ledger = await activities(user, portfolioId)
    expect(ledger.map((t) => [t.type, t.symbol ?? null, t.amount ?? t.quantity])).toEqual([
      ["fee", null, "49"],
      ["buy", "MSFT", "5"],
      ["dividend", "MSFT", "3.1"],
      ["sell", "MSFT", "2"]
    ])
    // The upload is gone once committed.
    expect(
      (
        await call("POST", `/api/imports/uploads/${file.id}/commit`, {
          token: user.token,
          body: file.options
        })
      ).status
    ).toBe(404)

    // The same file again: every row is a duplicate and nothing is added.
    const again = await uploaded(user, portfolioId, GHOSTFOLIO)
    const second = await call("POST", `/api/imports/uploads/${again.id}/preview`, {
      token: user.token,
      body: again.options
    })
    expect(second.body.counts).toEqual({
      rows: 5,
      ready: 0,
      invalid: 1,
      duplicates: 4,
      excluded: 0
    })
    const refused = await call("POST", `/api/imports/uploads/${again.id}/commit`, {
      token: user.token,
      body: again.options
    })
    expect(refused.status).toBe(422)
    expect(refused.body.message).toMatch(/^Nothing to import/)
    expect(await activities(user, portfolioId)).toHaveLength(4)
    const audit = await ownerQuery(
      (sql) => sql`SELECT action, category, details FROM app_data.audit_log
                   WHERE user_id = ${user.userId} AND action = 'import_committed'`
    )
    expect(audit).toEqual([
      expect.objectContaining({
        category: "trading",
        details: expect.objectContaining({ imported: 4, preset: "ghostfolio" })
      })
    ])
  })

  it("imports a broker file with a duplicate row and a bad fee, fixed in the review, and undoes it", async () => {
    const user = await signUp(call, "binance")
    const portfolioId = await firstPortfolioOf(call, user)
    const file = await uploaded(user, portfolioId, BINANCE)
    expect(file.detected.preset).toBe("binance")
    const preview = await call("POST", `/api/imports/uploads/${file.id}/preview`, {
      token: user.token,
      body: file.options
    })
    expect(
      preview.body.rows.map((r: any) => [
        r.row,
        r.status,
        r.duplicateOf,
        r.issues.map((i: any) => i.message)
      ])
    ).toEqual([
      [2, "ready", null, []],
      [3, "duplicate", "Row 2 (same day, type, symbol, amounts)", []],
      [4, "ready", null, []],
      [5, "invalid", null, ["The fee was paid in BNB: write it in USDT (for example 0.05USDT)"]]
    ])
    expect(preview.body.rows[0].activity).toMatchObject({
      type: "buy",
      symbol: "BTC-USD",
      quantity: "0.01",
      fee: "0.42"
    })

    // The user fixes the fee, keeps the duplicate out, and commits.
    const options = { ...file.options, fixes: [{ row: 5, column: "Fee", value: "0.05USDT" }] }
    const committed = await call("POST", `/api/imports/uploads/${file.id}/commit`, {
      token: user.token,
      body: options
    })
    expect(committed.status, JSON.stringify(committed.body)).toBe(201)
    expect(committed.body).toMatchObject({ rows: 4, imported: 3, duplicates: 1, invalid: 0 })
    expect((await activities(user, portfolioId)).map((t) => [t.type, t.quantity, t.fee])).toEqual([
      ["buy", "0.01", "0.42"],
      ["sell", "0.005", "0.1"],
      ["buy", "0.01", "0.05"]
    ])

    // A sale recorded afterwards depends on the import's purchases: the undo is refused.
    const sale = await call("POST", "/api/transactions", {
      token: user.token,
      body: {
        type: "sell",
        portfolioId,
        symbol: "BTC-USD",
        quantity: "0.01",
        price: "45000",
        currency: "USD",
        executedAt: "2025-03-01T00:00:00Z"
      }
    })
    expect(sale.status).toBe(201)
    const refused = await call("POST", `/api/imports/runs/${committed.body.id}/undo`, {
      token: user.token
    })
    expect(refused.status).toBe(422)
    expect(refused.body.message).toMatch(
      /^This import cannot be undone: later activities depend on it\. Selling 0\.01 BTC-USD/
    )
    expect(await activities(user, portfolioId)).toHaveLength(4)

    await call("DELETE", `/api/transactions/${sale.body.id}`, { token: user.token })
    const undone = await call("POST", `/api/imports/runs/${committed.body.id}/undo`, {
      token: user.token
    })
    expect(undone.status, JSON.stringify(undone.body)).toBe(200)
    expect(undone.body.undoneAt).not.toBeNull()
    expect(await activities(user, portfolioId)).toHaveLength(0)
    expect(
      (await call("POST", `/api/imports/runs/${committed.body.id}/undo`, { token: user.token }))
        .status
    ).toBe(409)
    const runs = await call("GET", `/api/imports/runs?portfolioId=${portfolioId}`, {
      token: user.token
    })
    expect(runs.body.items).toEqual([
      expect.objectContaining({ id: committed.body.id, imported: 3 })
    ])
  })

  it("exports a ledger as CSV that imports back into another portfolio exactly", async () => {
    const user = await signUp(call, "roundtrip")
    const source = await firstPortfolioOf(call, user)
    const file = await uploaded(user, source, GHOSTFOLIO)
    expect(
      (
        await call("POST", `/api/imports/uploads/${file.id}/commit`, {
          token: user.token,
          body: file.options
        })
      ).status
    ).toBe(201)
    const extra = [
      { type: "deposit", amount: "1000.5", currency: "USD", note: '=HYPERLINK("x"), "quoted"' },
      {
        type: "deposit",
        amount: "1",
        currency: "USD",
        note: "'- kept as written \n on two lines "
      },
      { type: "transfer_in", symbol: "AAPL", quantity: "3", costBasis: "450", currency: "USD" },
      { type: "split", symbol: "AAPL", sharesBefore: "1", sharesAfter: "2" },
      { type: "transfer_out", symbol: "AAPL", quantity: "1.5" },
      { type: "interest", amount: "2.5", withholdingTax: "0.5", currency: "USD" }
    ]
    for (const [i, body] of extra.entries()) {
      const res = await call("POST", "/api/transactions", {
        token: user.token,
        body: { ...body, portfolioId: source, executedAt: `2025-12-0${i + 1}T10:11:12.345Z` }
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    const csv = await call("GET", `/api/imports/activities.csv?portfolioId=${source}`, {
      token: user.token
    })
    expect(csv.status).toBe(200)
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/)
    expect(csv.body.split("\r\n")[0]).toBe(
      "date,type,symbol,quantity,price,fee,amount,withholdingTax,costBasis,sharesBefore,sharesAfter,currency,note,externalId"
    )
    // Opened in a spreadsheet, a note is text, never a formula.
    expect(csv.body).toContain(`"'=HYPERLINK(""x""), ""quoted"""`)

    const target = (
      await call("POST", "/api/portfolios", {
        token: user.token,
        body: { name: "Copy", baseCurrency: "USD" }
      })
    ).body.id as string
    const back = await uploaded(user, target, csv.body)
    expect(back.detected.preset).toBe("trading-app")
    const committed = await call("POST", `/api/imports/uploads/${back.id}/commit`, {
      token: user.token,
      body: back.options
    })
    expect(committed.status, JSON.stringify(committed.body)).toBe(201)
    expect(committed.body.imported).toBe(10)
    expect((await activities(user, target)).map(without)).toEqual(
      (await activities(user, source)).map(without)
    )
    const value = async (id: string) =>
      (await call("GET", `/api/portfolios/${id}/holdings`, { token: user.token })).body
    const [a, b] = [await value(source), await value(target)]
    expect(b.totals).toEqual(a.totals)

    // The export names each activity, so importing it into the source again adds nothing.
    const same = await uploaded(user, source, csv.body)
    const preview = await call("POST", `/api/imports/uploads/${same.id}/preview`, {
      token: user.token,
      body: same.options
    })
    expect(preview.body.counts).toMatchObject({ ready: 0, duplicates: 10 })
  })

  it("reads any file through a column mapping saved per portfolio", async () => {
    const user = await signUp(call, "mapping")
    const portfolioId = await firstPortfolioOf(call, user)
    const text =
      "Depot\n\nDatum;Art;Wert;Stück;Kurs;Gebühr\n01.03.2025;Kauf;Apple;10;170,50;1,25\n02.03.2025;Verkauf;Apple;4;171;0\n"
    const file = await uploaded(user, portfolioId, Buffer.from(text, "latin1"))
    expect(file.detected).toMatchObject({
      preset: "custom",
      settings: {
        encoding: "latin1",
        delimiter: ";",
        decimalSeparator: ",",
        dateFormat: "dmy",
        skipRows: 2
      },
      mapping: { columns: { date: "Datum", quantity: "Stück", price: "Kurs", fee: "Gebühr" } }
    })
    const mapping = {
      columns: { ...file.detected.mapping.columns, type: "Art", symbol: "Wert" },
      types: { Kauf: "buy", Verkauf: "sell" },
      defaultCurrency: "USD"
    }
    const options = { ...file.options, preset: "custom", mapping, symbols: { APPLE: "AAPL" } }
    const preview = await call("POST", `/api/imports/uploads/${file.id}/preview`, {
      token: user.token,
      body: options
    })
    expect(preview.status, JSON.stringify(preview.body)).toBe(200)
    expect(preview.body.counts, JSON.stringify(preview.body.rows)).toMatchObject({
      rows: 2,
      ready: 2
    })
    expect(preview.body.typeValues).toEqual(["Kauf", "Verkauf"])
    expect(preview.body.rows[0].activity).toMatchObject({
      type: "buy",
      symbol: "AAPL",
      quantity: "10",
      price: "170.5",
      fee: "1.25"
    })

    const saved = await call("PUT", "/api/imports/profiles", {
      token: user.token,
      body: {
        portfolioId,
        name: "My bank",
        settings: file.options.settings,
        mapping,
        symbols: { APPLE: "AAPL" }
      }
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const listed = await call("GET", `/api/imports/profiles?portfolioId=${portfolioId}`, {
      token: user.token
    })
    expect(listed.body.items).toEqual([expect.objectContaining({ name: "My bank", mapping })])
    expect(
      (await call("DELETE", `/api/imports/profiles/${saved.body.id}`, { token: user.token })).status
    ).toBe(204)
  })

  it("answers bad uploads and other users' files with clear errors", async () => {
    const owner = await signUp(call, "owner")
    const other = await signUp(call, "other")
    const portfolioId = await firstPortfolioOf(call, owner)
    const file = await uploaded(owner, portfolioId, GHOSTFOLIO)
    expect((await upload(other, portfolioId, GHOSTFOLIO)).status).toBe(404)
    expect(
      (
        await call("POST", `/api/imports/uploads/${file.id}/preview`, {
          token: other.token,
          body: file.options
        })
      ).status
    ).toBe(404)
    const asText = await call(
      "POST",
      `/api/imports/uploads?portfolioId=${portfolioId}&fileName=a.csv`,
      {
        token: owner.token,
        rawBody: GHOSTFOLIO,
        headers: { "content-type": "text/csv" }
      }
    )
    expect(asText.status).toBe(415)
    expect(asText.body.message).toMatch(/application\/octet-stream/)
    const big = await upload(owner, portfolioId, new Uint8Array(10 * 1024 * 1024 + 1).fill(65))
    expect(big.status).toBe(413)
    expect(big.body).toEqual({ _tag: "PayloadTooLarge", message: "The file is larger than 10 MiB" })
    const empty = await upload(owner, portfolioId, "")
    expect(empty.status).toBe(422)
    expect(empty.body.message).toBe("The file is empty")
    const custom = await call("POST", `/api/imports/uploads/${file.id}/preview`, {
      token: owner.token,
      body: { ...file.options, preset: "custom" }
    })
    expect(custom.status).toBe(400)
    expect(custom.body.issues).toEqual([
      { path: ["mapping"], message: "A custom import needs a column mapping" }
    ])
    const viewer = await signUpAs(call, ownerQuery, "viewer", "viewer")
    expect((await upload(viewer, await firstPortfolioOf(call, viewer), GHOSTFOLIO)).status).toBe(
      403
    )
  })

  it("records a file once when two commits race", async () => {
    const user = await signUp(call, "racer")
    const portfolioId = await firstPortfolioOf(call, user)
    const first = await uploaded(user, portfolioId, GHOSTFOLIO)
    const second = await uploaded(user, portfolioId, GHOSTFOLIO)
    const results = await Promise.all(
      [first, second].map((f) =>
        call("POST", `/api/imports/uploads/${f.id}/commit`, { token: user.token, body: f.options })
      )
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 422])
    expect(await activities(user, portfolioId)).toHaveLength(4)
  })
})
