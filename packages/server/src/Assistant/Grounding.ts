import type { LibrarianContext, UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { TransactionsRepo } from "../Transactions/TransactionsRepo.js"
import { Valuation } from "../Valuation/Valuation.js"

const MAX_PORTFOLIOS = 5
const HOLDINGS_PER_PORTFOLIO = 10
const RECENT_TRANSACTIONS = 10

/**
 * A compact summary of one user's portfolios for the Librarian: the largest open holdings of
 * up to five portfolios and the latest transactions. Every read is scoped by the caller's id,
 * so no other user's data can get in. A portfolio that cannot be valued is left out rather than
 * failing the question.
 */
export class Grounding extends Effect.Service<Grounding>()("Grounding", {
  effect: Effect.gen(function* () {
    const portfolios = yield* PortfoliosRepo
    const transactions = yield* TransactionsRepo
    const valuation = yield* Valuation

    const contextFor = (userId: UserId) =>
      Effect.gen(function* () {
        const mine = (yield* portfolios.list(userId)).slice(0, MAX_PORTFOLIOS)
        const names = new Map(mine.map((p) => [p.id as string, p.name]))
        const valued = yield* Effect.forEach(mine, (p) =>
          valuation.holdings(userId, p.id, {}).pipe(
            Effect.map((h) =>
              h.items
                .filter((i) => i.quantity !== "0")
                .sort((a, b) => Number(b.marketValue ?? -1) - Number(a.marketValue ?? -1))
                .slice(0, HOLDINGS_PER_PORTFOLIO)
                .map((i) => ({
                  portfolio: p.name,
                  symbol: i.symbol,
                  name: i.name,
                  quantity: i.quantity,
                  marketValue: i.marketValue,
                  weightPercent: i.weightPercent,
                  unrealizedPnl: i.unrealizedPnl
                }))
            ),
            Effect.catchAllCause((cause) =>
              Effect.as(
                Effect.logWarning("A portfolio was left out of the assistant's context", cause),
                []
              )
            )
          )
        )
        const recent = yield* transactions.list(userId, {
          sort: "date",
          order: "desc",
          limit: RECENT_TRANSACTIONS
        })
        return {
          baseCurrency: mine[0]?.baseCurrency ?? "USD",
          holdings: valued.flat(),
          recentTransactions: recent.slice(0, RECENT_TRANSACTIONS).map(({ item: t }) => ({
            portfolio: names.get(t.portfolioId) ?? "",
            type: t.type,
            symbol: "symbol" in t ? t.symbol : null,
            quantity: "quantity" in t ? t.quantity : null,
            price: "price" in t ? t.price : null,
            amount: "amount" in t ? t.amount : "costBasis" in t ? t.costBasis : null,
            currency: "currency" in t ? t.currency : null,
            executedAt: t.executedAt
          }))
        } satisfies LibrarianContext
      }).pipe(Effect.withSpan("Grounding.contextFor"))

    return { contextFor } as const
  }),
  dependencies: [PortfoliosRepo.Default, TransactionsRepo.Default, Valuation.Default]
}) {}
