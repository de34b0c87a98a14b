import { Schema } from "effect"

const uuid = (brand: string) =>
  Schema.UUID.pipe(
    Schema.brand(brand),
    Schema.annotations({ identifier: brand, description: `${brand} (a UUID)` })
  )

export const UserId = uuid("UserId")
export type UserId = typeof UserId.Type

export const PortfolioId = uuid("PortfolioId")
export type PortfolioId = typeof PortfolioId.Type

export const TransactionId = uuid("TransactionId")
export type TransactionId = typeof TransactionId.Type

export const ConversationId = uuid("ConversationId")
export type ConversationId = typeof ConversationId.Type

export const ImportUploadId = uuid("ImportUploadId")
export type ImportUploadId = typeof ImportUploadId.Type

export const ImportRunId = uuid("ImportRunId")
export type ImportRunId = typeof ImportRunId.Type

export const ImportProfileId = uuid("ImportProfileId")
export type ImportProfileId = typeof ImportProfileId.Type

export const StrategyId = uuid("StrategyId")
export type StrategyId = typeof StrategyId.Type

export const BacktestId = uuid("BacktestId")
export type BacktestId = typeof BacktestId.Type

export const ResearchDocumentId = uuid("ResearchDocumentId")
export type ResearchDocumentId = typeof ResearchDocumentId.Type

export const StrategyDraftId = uuid("StrategyDraftId")
export type StrategyDraftId = typeof StrategyDraftId.Type

export const ParameterSearchId = uuid("ParameterSearchId")
export type ParameterSearchId = typeof ParameterSearchId.Type

export const WatchId = uuid("WatchId")
export type WatchId = typeof WatchId.Type

export const SignalId = uuid("SignalId")
export type SignalId = typeof SignalId.Type

export const ConnectionId = uuid("ConnectionId")
export type ConnectionId = typeof ConnectionId.Type

export const BotId = uuid("BotId")
export type BotId = typeof BotId.Type

export const GroupId = uuid("GroupId")
export type GroupId = typeof GroupId.Type

export const OrderId = uuid("OrderId")
export const ManualOrderId = uuid("ManualOrderId")
export type ManualOrderId = typeof ManualOrderId.Type
export type OrderId = typeof OrderId.Type

export const ExecutionSignalId = uuid("ExecutionSignalId")
export type ExecutionSignalId = typeof ExecutionSignalId.Type
