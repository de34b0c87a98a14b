/**
 * Where an event sits in the outbox: its transaction's id (xid8) and its sequence number, as
 * PostgreSQL gives them (decimal text). Its public form, the SSE id, is each as 16 hex digits
 * joined by "-": fixed width, so ids compare as text in delivery order.
 */
export interface Position {
  readonly tx: string
  readonly seq: string
}

/** Before every event. */
export const ORIGIN: Position = { tx: "0", seq: "0" }

const hex = (decimal: string) => BigInt(decimal).toString(16).padStart(16, "0")

export const eventIdOf = (p: Position): string => `${hex(p.tx)}-${hex(p.seq)}`

/** The position of an id the stream sent (the domain's EventId pattern already checked it). */
export const positionOf = (eventId: string): Position => {
  const [tx = "0", seq = "0"] = eventId.split("-")
  return { tx: BigInt(`0x${tx}`).toString(), seq: BigInt(`0x${seq}`).toString() }
}

/** Negative, zero or positive as `a` comes before, at or after `b`. */
export const compare = (a: Position, b: Position): number => {
  const tx = BigInt(a.tx) - BigInt(b.tx)
  if (tx !== 0n) return tx < 0n ? -1 : 1
  const seq = BigInt(a.seq) - BigInt(b.seq)
  return seq === 0n ? 0 : seq < 0n ? -1 : 1
}
