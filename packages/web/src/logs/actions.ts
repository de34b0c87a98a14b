/** How each audit action reads in the app; an unknown one reads as its name. */
const LABELS: Readonly<Record<string, string>> = {
  register: "Signed up",
  login_succeeded: "Signed in",
  login_failed: "Sign-in failed",
  login_throttled: "Sign-ins held back",
  login_refused_disabled: "Sign-in refused: account disabled",
  refresh_token_reused: "Reused session token: session ended",
  logout: "Signed out",
  role_changed: "Role changed",
  account_disabled: "Account disabled",
  account_enabled: "Account enabled",
  account_unlocked: "Sign-in lock lifted",
  sessions_ended: "Signed out everywhere",
  user_data_viewed: "Data viewed for support",
  logs_exported: "Log exported",
  account_exported: "Data exported",
  password_changed: "Password changed",
  password_change_refused: "Password change refused",
  password_reset_requested: "Password reset asked for",
  password_reset: "Password reset by e-mail link",
  session_ended: "Session signed out",
  other_sessions_ended: "Other sessions signed out",
  account_deleted: "Account deleted",
  portfolio_deleted: "Portfolio deleted",
  transaction_deleted: "Transaction deleted",
  import_committed: "File imported",
  import_undone: "Import undone"
}

export const actionLabel = (action: string) => LABELS[action] ?? action

export const actionOptions = Object.entries(LABELS).map(([value, label]) => ({ value, label }))

export const categoryOptions = ["security", "trading", "system", "risk", "api"].map((c) => ({
  value: c,
  label: c === "api" ? "API" : c[0]!.toUpperCase() + c.slice(1)
}))

/** An entry's details in one line, for a table cell. */
export const detailsText = (details: Readonly<Record<string, unknown>>) => {
  const text = JSON.stringify(details)
  return text === "{}" ? "" : text
}
