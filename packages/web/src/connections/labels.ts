import type { ConnectionStatus, ExchangeMode } from "@trading-app/domain"

export const MODE_LABELS: Record<ExchangeMode, string> = {
  paper: "Paper",
  testnet: "Testnet",
  live: "Live"
}

export const MODE_COLORS: Record<ExchangeMode, string> = {
  paper: "gray",
  testnet: "blue",
  live: "red"
}

export const MODE_DESCRIPTIONS: Record<ExchangeMode, string> = {
  paper: "Simulated orders, filled against this app's market feed. No keys needed.",
  testnet: "Real orders on the exchange's test network, with its test funds.",
  live: "Real orders with real money."
}

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  unchecked: "Not checked yet",
  ok: "Working",
  failed: "Failing"
}

export const STATUS_COLORS: Record<ConnectionStatus, string> = {
  unchecked: "gray",
  ok: "teal",
  failed: "red"
}
