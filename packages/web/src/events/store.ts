import type { JobProgress, LatestPrice } from "@trading-app/domain"
import { create } from "zustand"

/** What a live change invalidates: pages reload what they show of it. */
export type Topic =
  | "transactions"
  | "portfolios"
  | "prices"
  | "jobs"
  | "signals"
  | "connections"
  | "execution"

export type StreamStatus = "off" | "connecting" | "live" | "reconnecting"

interface EventsState {
  readonly status: StreamStatus
  /** Counts of changes per topic since the stream opened; a page reloads when one moves. */
  readonly revisions: Readonly<Record<Topic, number>>
  readonly prices: Readonly<Record<string, LatestPrice>>
  /** The last progress of each background job the user started, by what it makes. */
  readonly jobs: Readonly<Record<string, JobProgress>>
}

/** The user's live event stream as the pages see it (events/connection.ts feeds it). */
export const useEvents = create<EventsState>()(() => ({
  status: "off",
  revisions: {
    transactions: 0,
    portfolios: 0,
    prices: 0,
    jobs: 0,
    signals: 0,
    connections: 0,
    execution: 0
  },
  prices: {},
  jobs: {}
}))

export const bump = (...topics: ReadonlyArray<Topic>) =>
  useEvents.setState((s) => {
    const revisions = { ...s.revisions }
    for (const topic of topics) revisions[topic] += 1
    return { revisions }
  })
