import { Schema } from "effect"
import { ConnectionStatus } from "./ConnectionStatus.js"
import { ConnectionId } from "./Ids.js"
import { strictStruct } from "./Strict.js"
import { Timestamp } from "./Timestamp.js"

/** Exchange accounts one user may connect. */
export const MAX_CONNECTIONS = 10

/** The exchanges the real adapter (ccxt) speaks to, each tested against a stand-in of its API. */
export const Exchange = Schema.Literal("binance").annotations({
  identifier: "Exchange",
  message: () => 'exchange must be "binance"'
})
export type Exchange = typeof Exchange.Type

/**
 * `paper` fills simulated orders against the app's own market feed (no keys); `testnet` sends
 * real orders to the exchange's test network; `live` trades real money.
 */
export const ExchangeMode = Schema.Literal("paper", "testnet", "live").annotations({
  identifier: "ExchangeMode",
  message: () => 'mode must be "paper", "testnet" or "live"'
})
export type ExchangeMode = typeof ExchangeMode.Type

export const ConnectionName = Schema.Trim.pipe(
  Schema.minLength(1, { message: () => "Name must not be empty" }),
  Schema.maxLength(60, { message: () => "Name must be at most 60 characters" })
)

/** An API key or secret as exchanges issue them: printable, no spaces. */
const Credential = (name: string) =>
  Schema.Trim.pipe(
    Schema.pattern(/^[\x21-\x7e]{8,256}$/, {
      message: () => `${name} must be 8 to 256 printable characters without spaces`
    })
  ).annotations({ description: `Never returned or logged; stored encrypted` })

export const Connection = Schema.Struct({
  id: ConnectionId,
  name: Schema.String,
  exchange: Exchange,
  mode: ExchangeMode,
  keyHint: Schema.NullOr(Schema.String).annotations({
    description: "The API key's last four characters; null without keys"
  }),
  status: ConnectionStatus,
  statusMessage: Schema.String.annotations({ description: "What the latest check found" }),
  checkedAt: Schema.NullOr(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp
}).annotations({ identifier: "Connection" })
export type Connection = typeof Connection.Type

export const ConnectionList = Schema.Struct({ items: Schema.Array(Connection) }).annotations({
  identifier: "ConnectionList",
  description: "Your exchange connections, oldest first"
})
export type ConnectionList = typeof ConnectionList.Type

const keys = {
  apiKey: Schema.optional(Credential("apiKey")),
  apiSecret: Schema.optional(Credential("apiSecret")),
  confirmLive: Schema.optional(Schema.Boolean).annotations({
    description: "Must be true to set the mode to live: live orders trade real money"
  })
}

export const CreateConnection = strictStruct("CreateConnection", {
  name: ConnectionName,
  exchange: Exchange,
  mode: ExchangeMode,
  ...keys
}).annotations({
  description: "testnet and live need apiKey and apiSecret; live also needs confirmLive: true"
})
export type CreateConnection = typeof CreateConnection.Type

export const UpdateConnection = strictStruct("UpdateConnection", {
  name: Schema.optional(ConnectionName),
  mode: Schema.optional(ExchangeMode),
  ...keys
}).annotations({
  description:
    "Rename, switch mode or replace the keys (both together); checked again after a change of mode or keys"
})
export type UpdateConnection = typeof UpdateConnection.Type
