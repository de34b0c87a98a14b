import { type Timestamp, timestampOf } from "@trading-app/domain"
import { Option } from "effect"

/** The position after which the next page starts: the last row's (time, id), newest first. */
export interface Cursor {
  readonly at: Timestamp
  readonly id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(`${cursor.at}|${cursor.id}`).toString("base64url")

/** Parses an opaque cursor; none when it was not made by `encodeCursor`. */
export const decodeCursor = (text: string): Option.Option<Cursor> => {
  const [iso, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|")
  if (iso === undefined || id === undefined || rest.length > 0 || !UUID.test(id))
    return Option.none()
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? Option.none() : Option.some({ at: timestampOf(at), id })
}
