import type { ConnectionId, ExchangeMode, UserId } from "@trading-app/domain"
import { Effect } from "effect"
import { AppConfig } from "../AppConfig.js"
import { SecretBox } from "../Secrets/SecretBox.js"
import { ccxtClient } from "./Ccxt.js"
import { ccxtAccount } from "./CcxtAccount.js"
import { connectionContext } from "./Connections.js"
import { ConnectionsRepo } from "./ConnectionsRepo.js"
import type { Credentials, ExchangeAccount } from "./ExchangePort.js"
import { paperAccount } from "./PaperExchange.js"

/**
 * The account a connection trades on: the paper exchange, or the real one through ccxt with the
 * connection's keys, opened only for this use (they are sealed to this user and connection).
 */
export const accountOf = (userId: UserId, connectionId: ConnectionId, mode: ExchangeMode) =>
  Effect.gen(function* () {
    if (mode === "paper") return yield* paperAccount(connectionId)
    const repo = yield* ConnectionsRepo
    const box = yield* SecretBox
    const { exchanges } = yield* AppConfig
    const access = yield* repo.access(userId, connectionId)
    if (access.sealed === null)
      return yield* Effect.dieMessage(`Connection ${connectionId} has no keys`)
    const plain = yield* box.open(access.sealed, connectionContext(userId, connectionId))
    const credentials = JSON.parse(plain) as Credentials
    return yield* ccxtAccount(ccxtClient(access.exchange, mode, credentials, exchanges))
  }) satisfies Effect.Effect<ExchangeAccount, unknown, unknown>
