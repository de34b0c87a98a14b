import type { LibrarianPassage, LibrarianStrategyDraft } from "@trading-app/domain"

/** A document as the stand-in keeps it: its text, and where each page starts in it. */
export interface StoredDocument {
  readonly id: string
  readonly owner: string
  readonly name: string
  readonly text: string
  /** Character offsets where pages 2, 3, … start; empty for a text file. */
  readonly pageStarts: ReadonlyArray<number>
}

/** The text of a PDF (pdf.js), page by page, and where each page starts in it. */
export const pdfText = async (bytes: Uint8Array) => {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs")
  const pdf = await getDocument({
    data: bytes,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0
  }).promise
  const pages: Array<string> = []
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent()
    pages.push(
      content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : ""))
        .join("")
        .replace(/[ \t]+/g, " ")
        .trim()
    )
  }
  await pdf.destroy()
  const pageStarts: Array<number> = []
  let text = ""
  for (const [i, page] of pages.entries()) {
    if (i > 0) {
      text += "\n\n"
      pageStarts.push(text.length)
    }
    text += page
  }
  return { text, pageStarts, pages: pages.length }
}

interface Sentence {
  readonly text: string
  readonly start: number
}

/** Sentences and list items, with their offsets in the text. */
const sentences = (text: string): ReadonlyArray<Sentence> => {
  const found: Array<Sentence> = []
  const pattern = /[^.!?\n]+(?:[.!?]+|$)/gm
  for (const match of text.matchAll(pattern)) {
    const raw = match[0]
    const lead = raw.length - raw.trimStart().length
    const trimmed = raw.trim()
    if (trimmed.length > 3) found.push({ text: trimmed, start: (match.index ?? 0) + lead })
  }
  return found
}

const pageOf = (document: StoredDocument, offset: number): number | null =>
  document.pageStarts.length === 0 && !document.name.toLowerCase().endsWith(".pdf")
    ? null
    : 1 + document.pageStarts.filter((start) => start <= offset).length

const TIMEFRAMES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(4[- ]hour|four[- ]hour)/i, "4h"],
  [/\b(hourly|hour)/i, "1h"],
  [/\b(weekly|week)/i, "1w"],
  [/\b(daily|day)/i, "1d"]
]

const timeframeOf = (text: string) => TIMEFRAMES.find(([p]) => p.test(text))?.[1] ?? "1d"

/** The instruments a document names: pairs like BTC-USD, or tickers in brackets, "(AAPL)". */
const symbolsOf = (text: string): Array<string> => {
  const found = new Set<string>()
  for (const m of text.matchAll(/\b([A-Z]{2,5}-[A-Z]{3})\b/g)) found.add(m[1] as string)
  for (const m of text.matchAll(/\(([A-Z]{1,5}(?:\.[A-Z]{1,2})?)\)/g)) found.add(m[1] as string)
  return found.size === 0 ? ["SPY"] : [...found].slice(0, 10)
}

const number = (s: string | undefined, fallback: number) =>
  s === undefined ? fallback : Number(s.replace(/,/g, ""))

/** Stops, targets and trailing stops a sentence mentions, in percent. */
const exitsOf = (text: string) => {
  const stop =
    /(\d+(?:\.\d+)?)\s*%\s*stop[- ]?loss|stop[- ]?loss\s+(?:of|at)\s+(\d+(?:\.\d+)?)\s*%/i.exec(
      text
    )
  const trailing =
    /(\d+(?:\.\d+)?)\s*%\s*trailing stop|trailing stop\s+(?:of|at)\s+(\d+(?:\.\d+)?)\s*%/i.exec(
      text
    )
  const target =
    /take[- ]profit\s+(?:of|at)\s+(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*%\s*(?:profit target|take[- ]profit)/i.exec(
      text
    )
  const value = (m: RegExpExecArray | null) => (m === null ? undefined : Number(m[1] ?? m[2]))
  return {
    ...(value(stop) === undefined ? {} : { stopLossPercent: value(stop) }),
    ...(value(trailing) === undefined ? {} : { trailingStopPercent: value(trailing) }),
    ...(value(target) === undefined ? {} : { takeProfitPercent: value(target) })
  }
}

type Rule = (sentence: string) => Omit<LibrarianStrategyDraft, "passage"> | undefined

const PERIOD = String.raw`(\d+)[- ](?:day|bar|period|hour|week)s?`

/** The simple patterns the stand-in reads strategies from, one per kind. */
const rules = (symbols: Array<string>, timeframe: string): ReadonlyArray<Rule> => {
  const base = { schemaVersion: 1, symbols, timeframe }
  return [
    (s) => {
      const m = new RegExp(
        `${PERIOD}\\s+(simple|exponential)?\\s*(?:moving average|MA|SMA|EMA)\\b[^.]*?cross(?:es|ing)?\\s+(?:above|over)[^.]*?${PERIOD}`,
        "i"
      ).exec(s)
      if (m === null) return undefined
      const indicator = /exponential|EMA/i.test(s) ? "ema" : "sma"
      const fast = { indicator, period: number(m[1], 20) }
      const slow = { indicator, period: number(m[3], 50) }
      return {
        title: `${indicator.toUpperCase()} ${fast.period}/${slow.period} crossover`,
        rationale:
          "Buys when the faster average crosses above the slower one, sells when it crosses back.",
        document: {
          ...base,
          entry: { rule: "cross", left: fast, crosses: "above", right: slow },
          exit: { rule: "cross", left: fast, crosses: "below", right: slow },
          sizing: { type: "percentOfEquity", percent: 100 }
        }
      }
    },
    (s) => {
      const m = /RSI\b[^.]*?(?:below|under)\s+(\d+)[^.]*?(?:above|over)\s+(\d+)/i.exec(s)
      if (m === null) return undefined
      const period = number(new RegExp(`${PERIOD}\\s+RSI`, "i").exec(s)?.[1], 14)
      const rsi = { indicator: "rsi", period }
      return {
        title: `RSI ${period} mean reversion`,
        rationale: `Buys when RSI ${period} falls below ${m[1]}, sells when it rises above ${m[2]}.`,
        document: {
          ...base,
          entry: { rule: "compare", left: rsi, is: "<", right: { value: number(m[1], 30) } },
          exit: { rule: "compare", left: rsi, is: ">", right: { value: number(m[2], 70) } },
          sizing: { type: "percentOfEquity", percent: 100 }
        }
      }
    },
    (s) => {
      if (!/Bollinger/i.test(s) || !/(break|close|cross)[^.]*?upper/i.test(s)) return undefined
      const period = number(new RegExp(PERIOD, "i").exec(s)?.[1], 20)
      const deviations = number(/(\d+(?:\.\d+)?)\s+standard deviations?/i.exec(s)?.[1], 2)
      const band = (line: string) => ({ indicator: "bollinger", period, deviations, line })
      return {
        title: `Bollinger ${period}, ${deviations}σ breakout`,
        rationale:
          "Buys when the close breaks above the upper band, sells back under the middle band.",
        document: {
          ...base,
          entry: {
            rule: "cross",
            left: { price: "close" },
            crosses: "above",
            right: band("upper")
          },
          exit: { rule: "compare", left: { price: "close" }, is: "<", right: band("middle") },
          sizing: { type: "percentOfEquity", percent: 100 }
        }
      }
    },
    (s) => {
      const m = /(?:buy|invest)\w*\s+[^.]*?every\s+(day|week|month|(\d+)\s+days?)/i.exec(s)
      if (m === null) return undefined
      const bars =
        m[2] !== undefined ? Number(m[2]) : m[1] === "week" ? 7 : m[1] === "month" ? 30 : 1
      const amount = number(/\$\s?(\d[\d,]*)|(\d[\d,]*)\s*(?:USD|dollars)/i.exec(s)?.[1], 100)
      return {
        title: `Buy every ${bars === 1 ? "day" : `${bars} days`}`,
        rationale: `Buys a fixed ${amount} every ${bars} daily bars, whatever the price, and holds.`,
        document: {
          ...base,
          timeframe: "1d",
          entry: { rule: "every", bars },
          sizing: { type: "fixed", amount },
          maxEntries: 100_000
        }
      }
    }
  ]
}

/**
 * Strategy drafts read from simple patterns in the text (moving-average crossovers, RSI
 * thresholds, Bollinger breakouts, periodic buying), each with its passage: the sentence it
 * was read in and the next one, where stops and targets are often given.
 */
export const draftsOf = (document: StoredDocument): Array<LibrarianStrategyDraft> => {
  const all = sentences(document.text)
  const symbols = symbolsOf(document.text)
  const drafts: Array<LibrarianStrategyDraft> = []
  for (const [i, sentence] of all.entries()) {
    const context = `${sentence.text} ${all[i + 1]?.text ?? ""}`
    const timeframe = timeframeOf(sentence.text)
    for (const rule of rules(symbols, timeframe)) {
      const draft = rule(sentence.text)
      if (draft === undefined) continue
      const next = all[i + 1]
      const end =
        next !== undefined && Object.keys(exitsOf(next.text)).length > 0
          ? next.start + next.text.length
          : sentence.start + sentence.text.length
      const passage: LibrarianPassage = {
        text: document.text.slice(sentence.start, end).slice(0, 4000),
        page: pageOf(document, sentence.start),
        start: sentence.start,
        end
      }
      drafts.push({
        ...draft,
        passage,
        document: { ...(draft.document as object), ...exitsOf(context) }
      })
      break
    }
    if (drafts.length === 20) break
  }
  return drafts
}

/** The sentence of a document sharing the most words with a question. */
export const passageFor = (document: StoredDocument, question: string): string | undefined => {
  const words = new Set(question.toLowerCase().match(/[a-z]{4,}/g) ?? [])
  let best: { text: string; score: number } | undefined
  for (const { text } of sentences(document.text)) {
    const score = (text.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => words.has(w)).length
    if (best === undefined || score > best.score) best = { text, score }
  }
  return best?.text
}
