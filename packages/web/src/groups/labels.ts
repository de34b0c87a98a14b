import type { GroupOrder, GroupState, OrderStatus, TakeProfitMode } from "@trading-app/domain"

export const GROUP_STATES: Record<GroupState, { readonly label: string; readonly color: string }> =
  {
    waiting: { label: "Waiting", color: "gray" },
    live: { label: "Live", color: "blue" },
    partially_filled: { label: "Partly closed", color: "cyan" },
    closing: { label: "Closing", color: "orange" },
    closed: { label: "Closed", color: "teal" },
    failed: { label: "Failed", color: "red" }
  }

export const ORDER_STATUSES: Record<OrderStatus, string> = {
  new: "Placing",
  open: "Open",
  partially_filled: "Partly filled",
  filled: "Filled",
  cancelled: "Cancelled",
  rejected: "Rejected"
}

export const ROLE_LABELS = {
  base: "Base",
  safety: "Safety",
  take_profit: "Take-profit",
  stop_loss: "Stop-loss",
  exit: "Exit"
} as const

/**
 * An order's name: an entry's role and grid level; a take-profit's by its slot (the server's
 * TakeProfit.ts): the group's target, leg n's (per-leg mode), or step n (hybrid, whose slot 0
 * sells the rest).
 */
export const orderLabel = (o: Pick<GroupOrder, "role" | "leg">, mode: TakeProfitMode) => {
  if (o.role === "base" || o.role === "safety") return `${ROLE_LABELS[o.role]} ${o.leg}`
  if (o.role !== "take_profit") return ROLE_LABELS[o.role]
  if (mode === "leg") return `Take-profit, leg ${o.leg}`
  if (mode === "hybrid") return o.leg === 0 ? "Take-profit, the rest" : `Take-profit, step ${o.leg}`
  return "Take-profit"
}
