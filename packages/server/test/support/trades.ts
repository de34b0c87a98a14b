/** A transaction body in AAPL (a known instrument, quoted in USD), for tests that need one. */
export const aaplTrade = (portfolioId: string, side = "buy", quantity = "1") => ({
  portfolioId,
  symbol: "AAPL",
  type: side,
  quantity,
  price: "100",
  currency: "USD",
  executedAt: "2026-01-05T15:00:00Z"
})
