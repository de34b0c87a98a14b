import { StreamEvent } from "@trading-app/domain"
import { Either, Schema } from "effect"
import { api, call } from "../api/client.js"
import { formatPrice } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { usePortfolios } from "../stores/portfolios.js"
import { bump, useEvents } from "./store.js"

const decode = Schema.decodeUnknownEither(Schema.parseJson(StreamEvent))
const MAX_BACKOFF_MS = 30_000

let source: EventSource | null = null
let lastEventId: string | undefined
let retryTimer: ReturnType<typeof setTimeout> | undefined
let failures = 0
let running = false

/** The shared portfolio list, read again; a failure leaves the old one (the next event retries). */
const reloadPortfolios = () =>
  void usePortfolios
    .getState()
    .load()
    .catch(() => {})

const apply = (data: string) => {
  const event = decode(data)
  if (Either.isLeft(event)) return
  switch (event.right.type) {
    case "transactions.changed":
      return bump("transactions")
    case "portfolio.changed":
      reloadPortfolios()
      return bump("portfolios")
    case "price": {
      const { type: _, ...price } = event.right
      useEvents.setState((s) => ({ prices: { ...s.prices, [price.symbol]: price } }))
      return bump("prices")
    }
    case "job.progress": {
      const progress = event.right
      useEvents.setState((s) => ({ jobs: { ...s.jobs, [progress.id]: progress } }))
      return bump("jobs")
    }
    case "signal": {
      const { signal } = event.right
      notify({
        color: signal.side === "entry" ? "teal" : "orange",
        title: `${signal.side === "entry" ? "Entry" : "Exit"} signal: ${signal.symbol}`,
        message: `${signal.strategyName} (version ${signal.version}) at ${formatPrice(signal.price)}`
      })
      return bump("signals")
    }
    case "signal.webhook": {
      const { symbol, webhook } = event.right
      if (webhook.state === "failed")
        notify({
          color: "red",
          title: `Signal not posted: ${symbol}`,
          message: webhook.message
        })
      return bump("signals")
    }
    case "connection.changed": {
      const { connection } = event.right
      notify({
        color: connection.status === "ok" ? "teal" : "red",
        title: `${connection.name}: ${connection.status === "ok" ? "working" : "failing"}`,
        message: connection.statusMessage
      })
      return bump("connections")
    }
    case "execution.changed":
      return bump("execution")
    case "resync":
      reloadPortfolios()
      return bump(
        "transactions",
        "portfolios",
        "prices",
        "jobs",
        "signals",
        "connections",
        "execution"
      )
  }
}

const retryLater = () => {
  if (!running) return
  useEvents.setState({ status: "reconnecting" })
  // 1 s, 2 s, 4 s … up to 30 s, with jitter so replicas are not hit all at once after a restart.
  const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** failures) * (0.5 + Math.random() / 2)
  failures += 1
  retryTimer = setTimeout(() => void open(), delay)
}

/**
 * Opens the stream with a fresh ticket, after the last event seen. The browser's EventSource
 * reconnects by itself (sending Last-Event-ID) while its ticket is valid; once the server
 * refuses it (ticket expired, session ended, server gone), a new one is opened from here.
 */
const open = async () => {
  if (!running) return
  let ticket: string
  try {
    ticket = (await call(api.events.ticket())).ticket
  } catch {
    return retryLater()
  }
  if (!running) return
  const url = new URL("/api/events", globalThis.location.origin)
  url.searchParams.set("ticket", ticket)
  if (lastEventId !== undefined) url.searchParams.set("lastEventId", lastEventId)
  const opened = new EventSource(url)
  source = opened
  opened.onopen = () => {
    failures = 0
    useEvents.setState({ status: "live" })
  }
  opened.onmessage = (message) => {
    if (message.lastEventId !== "") lastEventId = message.lastEventId
    apply(message.data)
  }
  opened.onerror = () => {
    if (opened.readyState === EventSource.CLOSED) {
      opened.close()
      if (source === opened) source = null
      retryLater()
    } else {
      useEvents.setState({ status: "reconnecting" })
    }
  }
}

/** Keeps one stream open while the signed-in shell is on screen. */
export const connect = () => {
  if (running) return
  running = true
  failures = 0
  useEvents.setState({ status: "connecting" })
  void open()
}

export const disconnect = () => {
  running = false
  clearTimeout(retryTimer)
  source?.close()
  source = null
  lastEventId = undefined
  useEvents.setState({ status: "off", prices: {} })
}
