import { screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import ImportPage from "../src/imports/ImportPage.js"
import { usePortfolios } from "../src/stores/portfolios.js"
import { type FakeRequest, fakeApi } from "./fakeApi.js"
import { renderAt } from "./render.js"

const PORTFOLIO = "0b6f2f0e-6d3e-4c1a-9a8e-4d2b1c0f9e01"
const UPLOAD = "1a1a1a1a-0000-4000-8000-000000000001"
const RUN = "2b2b2b2b-0000-4000-8000-000000000001"
const CSV =
  "Date,Code,DataSource,Currency,Price,Quantity,Action,Fee,Note\n16-09-2025,MSFT,YAHOO,USD,abc,5,buy,19,\n"
const settings = {
  encoding: "utf-8",
  delimiter: ",",
  quote: '"',
  decimalSeparator: ".",
  dateFormat: "dmy",
  timeZone: "UTC",
  header: true,
  skipRows: 0
}
const activity = (extra: object = {}) => ({
  type: "buy",
  executedAt: "2025-09-16T00:00:00.000Z",
  symbol: "MSFT",
  quantity: "5",
  price: null,
  fee: "19",
  amount: null,
  currency: "USD",
  externalId: null,
  ...extra
})
const run = {
  id: RUN,
  portfolioId: PORTFOLIO,
  fileName: "ghostfolio.csv",
  preset: "ghostfolio",
  rows: 2,
  imported: 1,
  duplicates: 1,
  invalid: 0,
  excluded: 0,
  createdAt: "2026-12-02T10:00:00.000Z",
  undoneAt: null
}

/** A server that reads the file as Ghostfolio's: a bad price until fixed, and a duplicate. */
const serve = () => {
  let runs: Array<object> = []
  const requests = fakeApi((r: FakeRequest) => {
    if (r.method === "GET" && r.path === "/api/portfolios")
      return {
        status: 200,
        body: {
          items: [
            {
              id: PORTFOLIO,
              name: "Main",
              baseCurrency: "USD",
              costBasisMethod: "fifo",
              benchmark: null,
              createdAt: "2026-01-01T00:00:00.000Z",
              updatedAt: "2026-01-01T00:00:00.000Z"
            }
          ]
        }
      }
    if (r.method === "GET" && r.path.startsWith("/api/imports/runs"))
      return { status: 200, body: { items: runs } }
    if (r.method === "POST" && r.path.startsWith("/api/imports/uploads?"))
      return {
        status: 201,
        body: {
          id: UPLOAD,
          portfolioId: PORTFOLIO,
          fileName: "ghostfolio.csv",
          size: CSV.length,
          settings,
          preset: "ghostfolio",
          mapping: { columns: { date: "Date" }, types: {} },
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
          expiresAt: "2026-12-03T10:00:00.000Z"
        }
      }
    if (r.method === "POST" && r.path === `/api/imports/uploads/${UPLOAD}/preview`) {
      const fixed = (r.body as { fixes: Array<unknown> }).fixes.length > 0
      return {
        status: 200,
        body: {
          uploadId: UPLOAD,
          fileName: "ghostfolio.csv",
          settings,
          preset: "ghostfolio",
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
          counts: {
            rows: 2,
            ready: fixed ? 1 : 0,
            invalid: fixed ? 0 : 1,
            duplicates: 1,
            excluded: 0
          },
          total: 2,
          rows: [
            {
              row: 2,
              cells: [
                "16-09-2025",
                "MSFT",
                "YAHOO",
                "USD",
                fixed ? "298.5" : "abc",
                "5",
                "buy",
                "19",
                ""
              ],
              activity: activity(fixed ? { price: "298.5" } : {}),
              status: fixed ? "ready" : "invalid",
              duplicateOf: null,
              issues: fixed
                ? []
                : [
                    {
                      column: "Price",
                      value: "abc",
                      message: 'Not a number (decimal separator ".")'
                    }
                  ]
            },
            {
              row: 3,
              cells: ["15-09-2025", "MSFT", "YAHOO", "USD", "290", "1", "buy", "0", ""],
              activity: activity({ quantity: "1", price: "290", fee: "0" }),
              status: "duplicate",
              duplicateOf: "An activity already in the portfolio (same day, type, symbol, amounts)",
              issues: []
            }
          ],
          unknownSymbols: [],
          typeValues: ["buy"]
        }
      }
    }
    if (r.method === "POST" && r.path === `/api/imports/uploads/${UPLOAD}/commit`) {
      runs = [run]
      return { status: 201, body: run }
    }
    return undefined
  })
  return requests
}

describe("the import page", () => {
  it("uploads a file, shows each problem with its column and value, takes a fix and commits", async () => {
    usePortfolios.setState({ items: null })
    const requests = serve()
    const { container } = renderAt("/import", { "/import": <ImportPage /> })
    expect(await screen.findByText("No file was imported into this portfolio yet.")).toBeTruthy()

    const file = new File([CSV], "ghostfolio.csv", { type: "text/csv" })
    // jsdom's files cannot be read as bytes; a browser's can.
    Object.defineProperty(file, "arrayBuffer", {
      value: async () => new TextEncoder().encode(CSV).buffer
    })
    await userEvent.upload(container.querySelector<HTMLInputElement>('input[type="file"]')!, file)
    await userEvent.click(screen.getByRole("button", { name: "Upload and review" }))
    const grid = await screen.findByRole("table", { name: "Rows of the file" })
    const upload = requests.find((r) => r.path.startsWith("/api/imports/uploads?"))!
    expect(upload.path).toBe(
      `/api/imports/uploads?portfolioId=${PORTFOLIO}&fileName=ghostfolio.csv`
    )
    expect(upload.headers["content-type"]).toBe("application/octet-stream")
    expect(upload.body).toBe(CSV)
    expect(within(grid).getByText('Price "abc": Not a number (decimal separator ".")')).toBeTruthy()
    expect(within(grid).getByText(/Repeats An activity already in the portfolio/)).toBeTruthy()
    expect(screen.getByRole("button", { name: "Nothing to import" })).toHaveProperty(
      "disabled",
      true
    )

    await userEvent.click(within(grid).getAllByRole("button", { name: "Fix" })[0]!)
    const value = await screen.findByLabelText("Row 2, new value")
    await userEvent.clear(value)
    await userEvent.type(value, "298.5")
    await userEvent.click(screen.getByRole("button", { name: "Apply" }))
    const commit = await screen.findByRole("button", { name: "Import 1 activity" })
    const previews = requests.filter((r) => r.path.endsWith("/preview"))
    expect(previews.at(-1)!.body).toMatchObject({
      settings,
      preset: "ghostfolio",
      fixes: [{ row: 2, column: "Price", value: "298.5" }]
    })

    await userEvent.click(commit)
    await waitFor(() => expect(requests.some((r) => r.path.endsWith("/commit"))).toBe(true))
    expect(requests.find((r) => r.path.endsWith("/commit"))!.body).toMatchObject({
      fixes: [{ row: 2, column: "Price", value: "298.5" }],
      exclude: [],
      include: []
    })
    expect(await screen.findByText("1 activities added from ghostfolio.csv.")).toBeTruthy()
    const runs = await screen.findByRole("table", { name: "Earlier imports" })
    expect(within(runs).getByRole("button", { name: "Undo" })).toBeTruthy()
  })
})
