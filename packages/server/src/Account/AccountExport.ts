import { SqlClient } from "@effect/sql"
import {
  Connection,
  ExportId,
  ImportRun,
  Portfolio,
  Transaction,
  type TransactionPage,
  User,
  UserId
} from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { ConnectionsRepo } from "../Exchanges/ConnectionsRepo.js"
import { ImportsRepo } from "../Imports/ImportsRepo.js"
import { defineJob } from "../Jobs/JobDefinition.js"
import { handle } from "../Jobs/Workers.js"
import { PortfoliosRepo } from "../Portfolios/PortfoliosRepo.js"
import { Transactions } from "../Transactions/Transactions.js"
import { UsersRepo } from "../Users/UsersRepo.js"
import { AccountExportsRepo } from "./AccountExportsRepo.js"
import { executionExport } from "./ExecutionExport.js"
import { researchExport } from "./ResearchExport.js"

/** What the export file says it is; a reader checks these before anything else. */
export const EXPORT_FORMAT = "trading-app account export"
export const EXPORT_VERSION = 3

export const accountExportJob = defineJob({
  name: "account-export",
  payload: Schema.Struct({ exportId: ExportId, userId: UserId }),
  // One more run if the worker died; a failure of the export itself is reported, not retried.
  settings: { retryLimit: 1, retryDelaySeconds: 5, expireInSeconds: 10 * 60, batchSize: 1 }
})

const PAGE = 200
const encodeUser = Schema.encodeSync(User)
const encodePortfolios = Schema.encodeSync(Schema.Array(Portfolio))
const encodeTransactions = Schema.encodeSync(Schema.Array(Transaction))
const encodeRuns = Schema.encodeSync(Schema.Array(ImportRun))
const encodeConnections = Schema.encodeSync(Schema.Array(Connection))

/**
 * Gathers everything the account holds into one JSON document: the profile, the portfolios,
 * every activity (oldest first, in the API's own format), the imports of files, the research
 * (strategies, backtests, searches, documents, watches, signals), the exchange connections
 * (never their keys: the last four characters of each API key) and the conversations with the
 * assistant. Progress goes to the user's event stream as it goes; a failure is reported to the
 * user as such and ends the job.
 */
export const accountExportHandler = handle(accountExportJob, ({ exportId, userId }) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const exports = yield* AccountExportsRepo
    const users = yield* UsersRepo
    const portfolios = yield* PortfoliosRepo
    const transactions = yield* Transactions
    const imports = yield* ImportsRepo
    const step = (percent: number, message: string) =>
      exports.progress(userId, exportId, { state: "running", percent, message })

    const work = Effect.gen(function* () {
      yield* step(5, "Reading your profile and portfolios")
      const user = yield* users.findById(userId)
      // Deleted meanwhile: its export went with it, and there is no one to tell.
      if (Option.isNone(user)) return
      const held = yield* portfolios.list(userId)
      const [{ total }] = (yield* sql<{ total: number }>`
        SELECT count(*)::int AS total FROM app_data.user_transactions WHERE user_id = ${userId}`) as [
        { total: number }
      ]
      const activities: Array<TransactionPage["items"][number]> = []
      let cursor: string | undefined
      do {
        const page = yield* transactions.list(userId, {
          sort: "date",
          order: "asc",
          limit: PAGE,
          ...(cursor === undefined ? {} : { cursor })
        })
        activities.push(...page.items)
        cursor = page.nextCursor ?? undefined
        // 10% to 80% over the activities, a step at least every tenth of them.
        if (
          cursor !== undefined &&
          activities.length % Math.max(PAGE, Math.ceil(total / 10)) < PAGE
        )
          yield* step(
            10 + Math.floor((70 * activities.length) / Math.max(1, total)),
            `Read ${activities.length.toLocaleString("en")} of ${total.toLocaleString("en")} activities`
          )
      } while (cursor !== undefined)
      const importRuns = yield* imports.allRuns(userId)
      yield* step(82, "Reading your strategies, research and signals")
      const research = yield* researchExport(userId)
      yield* step(88, "Reading your conversations with the assistant")
      const conversations = yield* sql<{ conversation: unknown }>`
        SELECT json_build_object(
          'id', c.id, 'title', c.title, 'createdAt', c.created_at,
          'messages', coalesce((SELECT json_agg(json_build_object(
              'role', m.role, 'content', m.content, 'sources', m.sources, 'at', m.created_at)
              ORDER BY m.created_at, m.id)
            FROM app_data.ai_messages m WHERE m.conversation_id = c.id), '[]'::json)
        ) AS conversation
        FROM app_data.ai_conversations c WHERE c.user_id = ${userId} ORDER BY c.created_at, c.id`
      const document = JSON.stringify({
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: new Date().toISOString(),
        profile: encodeUser(user.value),
        portfolios: encodePortfolios(held),
        activities: encodeTransactions(activities),
        imports: encodeRuns(importRuns),
        research,
        connections: encodeConnections(yield* (yield* ConnectionsRepo).list(userId)),
        execution: yield* executionExport(userId),
        conversations: conversations.map((c) => c.conversation)
      })
      yield* exports.progress(
        userId,
        exportId,
        { state: "ready", percent: 100, message: "Ready to download" },
        document
      )
    })

    yield* work.pipe(
      Effect.catchAllCause((cause) =>
        Effect.zipRight(
          Effect.logError("An account export failed", cause),
          exports.progress(userId, exportId, {
            state: "failed",
            percent: 100,
            message: "The export failed; start another, and tell us if it fails again"
          })
        )
      )
    )
  })
)
