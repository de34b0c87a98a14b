import type { PassThrough } from "node:stream"
import type { UserId } from "@trading-app/domain"
import { compare, type Position } from "./Position.js"

/** One SSE message: a stored change (with its id and position) or a price (neither). */
export interface Delivery {
  readonly id?: string
  readonly position?: Position
  readonly data: string
}

export const message = (d: Delivery) =>
  d.id === undefined ? `data: ${d.data}\n\n` : `id: ${d.id}\ndata: ${d.data}\n\n`

/** Bytes a stream may have waiting for a slow client before it is closed (it resumes by id). */
const MAX_PENDING_BYTES = 1 << 20

/**
 * An open event stream: a Node stream the HTTP response pipes from, written to directly by
 * this replica's hub (no fibers or queues per stream: thousands stay open in little memory).
 * While its missed events are read from the outbox, live ones wait in `held`.
 */
export class Subscriber {
  /** The last stored event written (or known to the client). */
  seen: Position
  held: Array<Delivery> | null = []
  symbols: ReadonlySet<string>
  readonly openedAt = Date.now()

  constructor(
    readonly userId: UserId,
    readonly out: PassThrough,
    /** Whether its session still holds (checked with every heartbeat). */
    readonly sessionValid: () => boolean,
    from: Position,
    symbols: ReadonlySet<string>
  ) {
    this.seen = from
    this.symbols = symbols
  }

  get closed() {
    return this.out.destroyed || this.out.writableEnded
  }

  write(text: string) {
    if (this.closed) return
    this.out.write(text)
    if (this.out.writableLength > MAX_PENDING_BYTES) this.out.destroy()
  }

  /** Hands over one message, once and in order: a stored event only past what was seen. */
  deliver(delivery: Delivery) {
    if (this.held !== null) {
      this.held.push(delivery)
      return
    }
    if (delivery.position !== undefined) {
      if (compare(delivery.position, this.seen) <= 0) return
      this.seen = delivery.position
    }
    this.write(message(delivery))
  }

  /** Writes what arrived while the missed events were read, then goes live. */
  release() {
    const held = this.held ?? []
    this.held = null
    for (const delivery of held) this.deliver(delivery)
  }

  end() {
    if (!this.closed) this.out.end()
  }
}
