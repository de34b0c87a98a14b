import type { SignalKind } from "@trading-app/domain"

type Position = "long" | "short" | "flat"

/** What a signal says, as TradingView sends it (positions when the alert has them). */
export interface SignalWords {
  readonly action: "buy" | "sell"
  readonly marketPosition?: Position | undefined
  readonly prevMarketPosition?: Position | undefined
}

/** The bot's open group, if any. */
export interface OpenGroup {
  readonly entries: number
  readonly maxEntries: number
}

/** What to do: open a group, add an entry to it, close it; or nothing, and why. */
export type Decision =
  | {
      readonly kind: SignalKind
      readonly open: boolean
      readonly add: boolean
      readonly close: boolean
      readonly note: string
    }
  | { readonly invalid: string }

const LONG_ONLY = "a short needs margin: bots trade spot markets, long only"

/** The signal's kind from the positions before and after it, or from its action alone. */
const kindOf = (s: SignalWords): SignalKind | { readonly invalid: string } => {
  const { prevMarketPosition: before, marketPosition: after } = s
  if (before === undefined || after === undefined) return s.action === "buy" ? "entry" : "exit"
  if (before === after) {
    if (after === "long")
      return s.action === "buy"
        ? "add"
        : { invalid: "A partial close of a long is not supported: send an exit (to flat)" }
    return {
      invalid:
        after === "short" ? `Short position changed: ${LONG_ONLY}` : "Flat to flat: nothing to do"
    }
  }
  if (after === "long") return before === "flat" ? "entry" : "reverse"
  if (after === "flat")
    return before === "long" ? "exit" : { invalid: "Nothing to close: bots hold no shorts" }
  return before === "long" ? "reverse" : { invalid: `Short entry refused: ${LONG_ONLY}` }
}

/**
 * Classifies a signal against the bot's open group: a new entry, an add (a pyramid, up to the
 * bot's entries), an exit, or a reverse (long to short closes the long and refuses the short;
 * short to long opens a long, there being no short to close). Anything else is invalid, with
 * its reason.
 */
export const classify = (signal: SignalWords, open: OpenGroup | null): Decision => {
  const kind = kindOf(signal)
  if (typeof kind !== "string") return kind
  const action = (a: Partial<Omit<Extract<Decision, { kind: SignalKind }>, "kind">>) => ({
    kind,
    open: false,
    add: false,
    close: false,
    note: "",
    ...a
  })
  const enter = (note: string) => {
    if (open === null) return action({ open: true, note: note || "Opened a group" })
    if (open.entries >= open.maxEntries)
      return {
        invalid: `The open group has ${open.entries} of ${open.maxEntries} entries, the most its bot takes`
      }
    return action({ add: true, note: `Added entry ${open.entries + 1} of ${open.maxEntries}` })
  }
  switch (kind) {
    case "entry":
    case "add":
      return enter("")
    case "exit":
      return open === null
        ? { invalid: "No open group to exit" }
        : action({ close: true, note: "Closing the group at market" })
    case "reverse":
      if (signal.marketPosition === "long")
        return enter(
          open === null ? "Opened a group (the reverse from short had no short to close)" : ""
        )
      return open === null
        ? { invalid: `Nothing to close, and the short is refused: ${LONG_ONLY}` }
        : action({
            close: true,
            note: `Closing the long at market; the short is refused: ${LONG_ONLY}`
          })
  }
}
