import { Timestamp, ValidationError } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"

/** The position after which the next page starts: the last row's (time, id), newest first. */
export interface Cursor {
  readonly at: Timestamp
  readonly id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url")

const decodeTimestamp = Schema.decodeUnknownOption(Timestamp)

/**
 * Parses an opaque cursor; none when it was not made by `encodeCursor`. Its time is checked as
 * any Timestamp of the API is (a real date from 1970 to 9999), since a client can forge one.
 */
export const decodeCursor = (text: string): Option.Option<Cursor> => {
  const [iso, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|")
  if (iso === undefined || id === undefined || rest.length > 0 || !UUID.test(id))
    return Option.none()
  return Option.map(decodeTimestamp(iso), (at) => ({ at, id }))
}

/** A `cursor` query parameter decoded, or a ValidationError naming it; undefined when absent. */
export const cursorParam = (text: string | undefined) =>
  text === undefined
    ? Effect.succeed(undefined)
    : Option.match(decodeCursor(text), {
        onNone: () =>
          Effect.fail(
            ValidationError.field(["cursor"], "The cursor is not valid; start again without it")
          ),
        onSome: (cursor) => Effect.succeed<Cursor | undefined>(cursor)
      })

/** A page of `limit` from `limit + 1` rows, with a cursor after its last row when more follow. */
export const pageOf = <A>(rows: ReadonlyArray<A>, limit: number, keyOf: (row: A) => Cursor) => {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null
  }
}
