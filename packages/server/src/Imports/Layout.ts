import { DELIMITERS, type Encoding } from "@trading-app/domain"

/** The encoding of a file's bytes: its byte-order mark, else UTF-16's zero bytes, else UTF-8 if valid, else Latin-1. */
export const detectEncoding = (bytes: Uint8Array): Encoding => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8"
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le"
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be"
  // Text in UTF-16 without a mark: mostly ASCII, so every other byte is zero.
  const sample = Math.min(bytes.length, 4096) & ~1
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++
    if (bytes[i + 1] === 0) oddZeros++
  }
  if (sample > 0 && oddZeros > sample * 0.3 && evenZeros < sample * 0.05) return "utf-16le"
  if (sample > 0 && evenZeros > sample * 0.3 && oddZeros < sample * 0.05) return "utf-16be"
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes)
    return "utf-8"
  } catch {
    return "latin1"
  }
}

/** A file's text (a byte-order mark dropped); bytes the encoding cannot read become U+FFFD. */
export const decodeText = (bytes: Uint8Array, encoding: Encoding): string =>
  new TextDecoder(encoding === "latin1" ? "windows-1252" : encoding).decode(bytes)

/** The number of fields of a line under a delimiter, quotes respected (a first look, not a parse). */
const fieldCount = (line: string, delimiter: string, quote: string) => {
  let count = 1
  let quoted = false
  for (const c of line) {
    if (c === quote) quoted = !quoted
    else if (c === delimiter && !quoted) count++
  }
  return count
}

const isNumberish = (cell: string) => /^[\s\-+($€£¥]*[\d.,' ]+\)?\s*[A-Z]{0,5}$/.test(cell.trim())
const isDateish = (cell: string) => /^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}/.test(cell.trim())

export interface Layout {
  readonly delimiter: (typeof DELIMITERS)[number]
  readonly quote: '"' | "'"
  readonly skipRows: number
  readonly header: boolean
}

/**
 * The delimiter, quote, rows to skip and header of a text from its first lines: the delimiter
 * that splits the most lines into the same number (>1) of fields; the rows before the first
 * such line are a preamble (a title, a note); that line is a header when it holds no number or
 * date while the next one does.
 */
export const detectLayout = (text: string): Layout => {
  const lines = text.split(/\r\n|\n|\r/, 60).filter((l) => l.trim() !== "")
  const quote: '"' | "'" =
    (text.slice(0, 20_000).match(/(^|[,;\t|])'/gm)?.length ?? 0) >
    (text.slice(0, 20_000).match(/(^|[,;\t|])"/gm)?.length ?? 0)
      ? "'"
      : '"'
  let best: { delimiter: Layout["delimiter"]; width: number; lines: number; first: number } = {
    delimiter: ",",
    width: 1,
    lines: 0,
    first: 0
  }
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((l) => fieldCount(l, delimiter, quote))
    const tally = new Map<number, number>()
    for (const c of counts) if (c > 1) tally.set(c, (tally.get(c) ?? 0) + 1)
    for (const [width, n] of tally) {
      if (n > best.lines || (n === best.lines && width > best.width)) {
        best = { delimiter, width, lines: n, first: counts.indexOf(width) }
      }
    }
  }
  // Rows to skip count the text's own lines, blank ones included.
  const firstLine = lines[best.first] ?? ""
  const allLines = text.split(/\r\n|\n|\r/, 200)
  const skipRows = Math.max(0, allLines.indexOf(firstLine))
  const cells = (line: string | undefined) => (line ?? "").split(best.delimiter)
  const head = cells(firstLine)
  const next = cells(lines[best.first + 1])
  const header =
    !head.some((c) => isNumberish(c) || isDateish(c)) &&
    (lines[best.first + 1] === undefined || next.some((c) => isNumberish(c) || isDateish(c)))
  return { delimiter: best.delimiter, quote, skipRows, header }
}
