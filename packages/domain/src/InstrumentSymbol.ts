import { Schema } from "effect"

// Letters and digits, optionally in parts joined by ".", "-", "/", "_" or ":" (BTC-USD, BRK.B).
const SYMBOL_PATTERN = /^[A-Z0-9]+([.\-/_:][A-Z0-9]+)*$/

/** An instrument symbol such as "BTC-USD" or "AAPL"; upper-cased on decode, at most 32 characters. */
export const InstrumentSymbol = Schema.transform(
  Schema.String,
  Schema.String.pipe(
    Schema.minLength(1, { message: () => "Symbol is required" }),
    Schema.maxLength(32, { message: () => "Symbol must be at most 32 characters" }),
    Schema.pattern(SYMBOL_PATTERN, {
      message: () => 'Symbol must be letters and digits such as "AAPL" or "BTC-USD"'
    }),
    Schema.brand("InstrumentSymbol")
  ),
  { strict: false, decode: (s) => s.trim().toUpperCase(), encode: (s) => s }
).annotations({
  identifier: "InstrumentSymbol",
  jsonSchema: { type: "string", maxLength: 32, pattern: SYMBOL_PATTERN.source }
})
export type InstrumentSymbol = typeof InstrumentSymbol.Type
