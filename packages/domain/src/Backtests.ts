import { Schema } from "effect"
import { CashAmount } from "./Decimal.js"
import { BacktestId, StrategyId } from "./Ids.js"
import { InstrumentSymbol } from "./InstrumentSymbol.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

const figure = (description: string) => Schema.NullOr(Schema.Number).annotations({ description })

/**
 * What a backtest found. Figures are computed in floating point by a simulation (they are
 * estimates, not ledger amounts); percentages are in percent; null where a figure is undefined
 * (no trades, no losing trade, no time elapsed).
 */
export const BacktestMetrics = Schema.Struct({
  startEquity: Schema.Number,
  endEquity: Schema.Number,
  totalReturnPercent: Schema.Number,
  cagrPercent: figure("Compound annual growth rate"),
  volatilityPercent: figure("Annualized standard deviation of step returns"),
  sharpe: figure("Annualized, with no risk-free rate"),
  sortino: figure("Annualized, over the downside deviation"),
  calmar: figure("CAGR over the maximum drawdown"),
  maxDrawdownPercent: Schema.Number,
  maxDrawdownDays: Schema.Number.annotations({
    description: "From the deepest drawdown's peak until equity was back there (or the end)"
  }),
  exposurePercent: Schema.Number.annotations({ description: "Share of steps holding a position" }),
  trades: Schema.Int,
  winRatePercent: figure("Share of trades with a profit"),
  profitFactor: figure("Gross profit over gross loss; null without a losing trade"),
  expectancy: figure("Mean profit or loss per trade, in the quote currency"),
  averageTradePercent: figure("Mean return per trade"),
  bestTradePercent: figure("Best trade's return"),
  worstTradePercent: figure("Worst trade's return"),
  buyAndHoldPercent: Schema.Number.annotations({
    description: "Equal shares of the capital in each instrument, bought at the first open"
  })
}).annotations({ identifier: "BacktestMetrics" })
export type BacktestMetrics = typeof BacktestMetrics.Type

export const ExitReason = Schema.Literal("signal", "stopLoss", "takeProfit", "trailingStop", "end")

export const BacktestTrade = Schema.Struct({
  symbol: InstrumentSymbol,
  entryTime: Timestamp,
  exitTime: Timestamp,
  entryPrice: Schema.Number.annotations({ description: "Mean fill price of the entries" }),
  exitPrice: Schema.Number,
  quantity: Schema.Number,
  entries: Schema.Int,
  pnl: Schema.Number.annotations({ description: "Net of all fees" }),
  returnPercent: Schema.Number,
  fees: Schema.Number,
  bars: Schema.Int.annotations({ description: "Bars held" }),
  exitReason: ExitReason
}).annotations({ identifier: "BacktestTrade" })
export type BacktestTrade = typeof BacktestTrade.Type

export const EquityPoint = Schema.Struct({
  time: Timestamp,
  equity: Schema.Number,
  buyAndHold: Schema.Number,
  drawdownPercent: Schema.Number
}).annotations({ identifier: "EquityPoint" })
export type EquityPoint = typeof EquityPoint.Type

export const BacktestReport = Schema.Struct({
  engineVersion: Schema.Int,
  contentHash: Schema.String.annotations({
    description:
      "SHA-256 of the inputs (engine, document, range, capital, candles): the same hash, the same report"
  }),
  currency: Schema.String,
  firstBar: Timestamp.annotations({ description: "The first bar traded, after the warm-up" }),
  lastBar: Timestamp,
  bars: Schema.Int,
  warmUpBars: Schema.Int,
  signals: Schema.Int,
  metrics: BacktestMetrics,
  equity: Schema.Array(EquityPoint).annotations({
    description: "At most 1,000 points, evenly spread; the figures use every bar"
  }),
  trades: Schema.Array(BacktestTrade),
  tradesOmitted: Schema.Int.annotations({
    description: "Trades beyond the 5,000 listed (the oldest are listed)"
  })
}).annotations({ identifier: "BacktestReport" })
export type BacktestReport = typeof BacktestReport.Type

export const BacktestState = Schema.Literal("queued", "running", "ready", "failed")

export const Backtest = Schema.Struct({
  id: BacktestId,
  strategyId: StrategyId,
  strategyName: Schema.String,
  version: Schema.Int,
  from: Timestamp,
  to: Timestamp,
  initialCapital: CashAmount,
  state: BacktestState,
  percent: Schema.Int.pipe(Schema.between(0, 100)),
  message: Schema.String,
  createdAt: Timestamp,
  finishedAt: Schema.NullOr(Timestamp),
  totalReturnPercent: Schema.NullOr(Schema.Number).annotations({
    description: "The headline figure, once ready"
  })
}).annotations({ identifier: "Backtest" })
export type Backtest = typeof Backtest.Type

export const BacktestWithReport = Schema.Struct({
  ...Backtest.fields,
  report: Schema.NullOr(BacktestReport)
}).annotations({ identifier: "BacktestWithReport" })
export type BacktestWithReport = typeof BacktestWithReport.Type

export const BacktestList = Schema.Struct({ items: Schema.Array(Backtest) }).annotations({
  identifier: "BacktestList"
})

export const CreateBacktest = strictStruct("CreateBacktest", {
  strategyId: StrategyId,
  version: Schema.optional(
    Schema.Int.pipe(Schema.positive()).annotations({ description: "Default: the latest" })
  ),
  from: Timestamp,
  to: Timestamp,
  initialCapital: Schema.optionalWith(CashAmount, {
    default: () => "10000" as CashAmount
  }).annotations({ description: "Default 10000, in the instruments' quote currency" })
})
export type CreateBacktest = typeof CreateBacktest.Type

export const BacktestListParams = Schema.Struct({
  strategyId: Schema.optional(StrategyId)
})
