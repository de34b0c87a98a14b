import { Timestamp, ValidationError } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"

/**
 * The position after which the next page starts: the last row's (time, id), and its value in
 * the column the list is ordered by when that is not the time.
 */
export interface Cursor {
  readonly at: Timestamp
  readonly id: string
  readonly key?: string | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(
    [
      cursor.at,
      cursor.id,
      ...(cursor.key === undefined ? [] : [encodeURIComponent(cursor.key)])
    ].join("|")
  ).toString("base64url")

const decodeTimestamp = Schema.decodeUnknownOption(Timestamp)

/**
 * Parses an opaque cursor; none when it was not made by `encodeCursor`. Its time is checked as
 * any Timestamp of the API is (a real date from 1970 to 9999), since a client can forge one.
 */
export const decodeCursor = (text: string): Option.Option<Cursor> => {
  const [iso, id, key, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|")
  if (iso === undefined || id === undefined || rest.length > 0 || !UUID.test(id))
    return Option.none()
  const value = key === undefined ? undefined : Option.getOrNull(decodeKey(key))
  if (value === null) return Option.none()
  return Option.map(decodeTimestamp(iso), (at) => ({ at, id, key: value }))
}

const decodeKey = (key: string) => Option.liftThrowable(decodeURIComponent)(key)

/**
 * A `cursor` query parameter decoded, or a ValidationError naming it; undefined when absent.
 * `key` says whether the list's order needs a column value in the cursor and checks it, so that
 * a forged or stale cursor (of another order) is refused here rather than by the database.
 */
export const cursorParam = (
  text: string | undefined,
  key: (value: string | undefined) => boolean = (value) => value === undefined
) =>
  text === undefined
    ? Effect.succeed(undefined)
    : Option.match(
        Option.filter(decodeCursor(text), (cursor) => key(cursor.key)),
        {
          onNone: () =>
            Effect.fail(
              ValidationError.field(["cursor"], "The cursor is not valid; start again without it")
            ),
          onSome: (cursor) => Effect.succeed<Cursor | undefined>(cursor)
        }
      )

/** A page of `limit` from `limit + 1` rows, with a cursor after its last row when more follow. */
export const pageOf = <A>(rows: ReadonlyArray<A>, limit: number, keyOf: (row: A) => Cursor) => {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null
  }
}
