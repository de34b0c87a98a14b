import type { GroupState, OrderStatus } from "@trading-app/domain"

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
