/**
 * A select-list item that reads a timestamptz column as a canonical Timestamp: UTC ISO 8601 with
 * milliseconds, the same text `Date#toISOString` writes. Formatting in SQL spares parsing a Date
 * per column and formatting it again for JSON, the two costliest steps of serving a list.
 */
export const isoTimestamp = (column: string, alias: string): string =>
  `${isoText(column)} AS "${alias}"`

/** The canonical Timestamp text of a timestamptz expression (null stays null). */
export const isoText = (expression: string): string =>
  `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
