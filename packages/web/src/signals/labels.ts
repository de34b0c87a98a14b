import type { Signal } from "@trading-app/domain"

export const REASON_LABELS: Record<Signal["reason"], string> = {
  rule: "Rule on the close",
  stopLoss: "Stop-loss",
  takeProfit: "Take-profit",
  trailingStop: "Trailing stop"
}

export const WEBHOOK_LABELS: Record<Signal["webhook"]["state"], string> = {
  none: "Not posted",
  pending: "Posting",
  sent: "Posted",
  failed: "Not delivered"
}
