import {
  Conflict,
  type Currency,
  type ImportOptions,
  type ImportPreview,
  type ImportProfileId,
  type ImportRunId,
  type ImportUpload,
  type ImportUploadId,
  type InstrumentSymbol,
  MAX_IMPORT_BYTES,
  NotFound,
  type PortfolioId,
  type PreviewRequest,
  type SaveImportProfile,
  Unprocessable,
  type UserId,
  ValidationError
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { FOREIGN_KEY_VIOLATION, sqlState } from "../Database/SqlErrors.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { KnownInstruments } from "../MarketData/KnownInstruments.js"
import { checkNoOversell } from "../Transactions/Rules.js"
import { TransactionsRepo } from "../Transactions/TransactionsRepo.js"
import { unpack } from "../Valuation/Ledger.js"
import { LedgerRepo } from "../Valuation/LedgerRepo.js"
import { detect } from "./Detect.js"
import { FORMATS } from "./Formats.js"
import { ImportsRepo } from "./ImportsRepo.js"
import { readFile, UnreadableFile } from "./Read.js"
import { fingerprint, review } from "./Review.js"

const portfolioNotFound = new NotFound({ message: "Portfolio not found" })
const uploadNotFound = new NotFound({
  message: "No such upload: uploads are kept for a day and until imported; upload the file again"
})
const runNotFound = new NotFound({ message: "Import not found" })

const DRY_RUNS_AT_ONCE = 2

/** A file that cannot be read at all, as the API's 422. */
const unreadable = (e: unknown) =>
  e instanceof UnreadableFile
    ? Effect.fail(Unprocessable.field(["settings"], e.message))
    : Effect.die(e)

/**
 * CSV imports: an upload is detected and kept; a dry run reads it under the user's settings and
 * reviews every row against the portfolio; a commit records the ready rows in one transaction
 * with the portfolio locked (so two commits of one file cannot both add it); an undo removes a
 * run's activities unless later ones depend on them.
 */
export class Imports extends Effect.Service<Imports>()("Imports", {
  effect: Effect.gen(function* () {
    const repo = yield* ImportsRepo
    const transactions = yield* TransactionsRepo
    const ledgers = yield* LedgerRepo
    const market = yield* KnownInstruments
    const audit = yield* AuditLog
    // A 50,000-row file takes ~100 MB while it is reviewed: two at a time per process keep a
    // replica within its heap; others wait their turn (within the request's deadline).
    const reviewing = yield* Effect.makeSemaphore(DRY_RUNS_AT_ONCE)

    const baseCurrency = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.flatMap(
        transactions.portfolioCurrency(userId, portfolioId),
        Option.match({ onNone: () => Effect.fail(portfolioNotFound), onSome: Effect.succeed })
      )

    const upload = (
      userId: UserId,
      params: { readonly portfolioId: PortfolioId; readonly fileName: string },
      content: Uint8Array
    ) =>
      Effect.gen(function* () {
        yield* baseCurrency(userId, params.portfolioId)
        if (content.length === 0) return yield* Unprocessable.field(["file"], "The file is empty")
        if (content.length > MAX_IMPORT_BYTES)
          return yield* Unprocessable.field(["file"], "The file is larger than 10 MiB")
        const zone = (yield* repo.timeZoneOf(userId)) ?? "UTC"
        const found = yield* Effect.try({ try: () => detect(content, zone), catch: (e) => e }).pipe(
          Effect.catchAll(unreadable)
        )
        const saved = yield* repo.saveUpload(userId, params.portfolioId, params.fileName, content)
        return {
          id: saved.id,
          portfolioId: params.portfolioId,
          fileName: params.fileName,
          size: content.length,
          settings: found.settings,
          preset: found.preset,
          mapping: found.mapping,
          columns: found.columns,
          expiresAt: saved.expiresAt
        } as ImportUpload
      })

    /** The dry run of an upload under the options: every row read and reviewed. */
    const dryRun = (userId: UserId, uploadId: ImportUploadId, options: ImportOptions) =>
      reviewing.withPermits(1)(reviewUpload(userId, uploadId, options))

    const reviewUpload = (userId: UserId, uploadId: ImportUploadId, options: ImportOptions) =>
      Effect.gen(function* () {
        const file = Option.getOrUndefined(yield* repo.findUpload(userId, uploadId))
        if (file === undefined) return yield* uploadNotFound
        const base = yield* baseCurrency(userId, file.portfolioId)
        if (options.preset === "custom" && options.mapping === undefined)
          return yield* ValidationError.field(["mapping"], "A custom import needs a column mapping")
        const format = FORMATS[options.preset]
        // A preset reads its own columns; a mapping sent with it may only name more type values.
        const mapping =
          options.preset === "custom"
            ? options.mapping!
            : {
                ...format.mapping,
                types: { ...format.mapping.types, ...options.mapping?.types }
              }
        const read = yield* Effect.try({
          try: () =>
            readFile(file.content, {
              settings: options.settings,
              format,
              mapping,
              symbols: options.symbols,
              fixes: options.fixes,
              portfolioId: file.portfolioId,
              now: Date.now()
            }),
          catch: (e) => e
        }).pipe(Effect.catchAll(unreadable))

        const symbols = new Set<string>()
        for (const r of read.rows) if (r.symbol) symbols.add(r.symbol)
        const quotes = new Map<string, Currency | undefined>()
        yield* Effect.forEach(
          symbols,
          (s) =>
            Effect.map(market.instrument(s as never), (i) =>
              quotes.set(s, Option.getOrUndefined(i)?.quoteCurrency)
            ),
          { concurrency: 8, discard: true }
        )
        const pairs = yield* market.fxPairs
        const zone = options.settings.timeZone
        const stored = yield* repo.existing(userId, file.portfolioId)
        const ids = new Set<string>()
        const fingerprints = new Map<string, number>()
        for (const s of stored) {
          ids.add(s.id)
          if (s.externalId !== null) ids.add(s.externalId)
          const print = fingerprint(s, zone)
          fingerprints.set(print, (fingerprints.get(print) ?? 0) + 1)
        }
        const known = [...symbols].filter((s) => quotes.get(s) !== undefined)
        const packs = yield* ledgers.packed(userId, file.portfolioId, known)
        const result = review({
          rows: read.rows,
          existing: { ids, fingerprints },
          market: { quotes, pairs, baseCurrency: base },
          ledgers: new Map(packs.map((p) => [p.symbol, unpack(p.entries)] as const)),
          exclude: new Set(options.exclude),
          include: new Set(options.include),
          zone,
          locate: read.locate
        })
        const typeColumn = mapping.columns.type
        const typeIndex = typeColumn === undefined ? -1 : read.columns.indexOf(typeColumn)
        const typeValues = new Set<string>()
        if (typeIndex >= 0)
          for (const r of read.rows) {
            const v = r.cells[typeIndex]?.trim()
            if (v && typeValues.size < 200) typeValues.add(v)
          }
        return {
          file,
          columns: read.columns,
          result,
          externalIds: new Map(read.rows.map((r) => [r.row, r.externalId ?? null] as const)),
          unknownSymbols: [...symbols].filter((s) => quotes.get(s) === undefined).sort(),
          typeValues: [...typeValues]
        }
      })

    const preview = (userId: UserId, uploadId: ImportUploadId, request: PreviewRequest) =>
      Effect.map(dryRun(userId, uploadId, request), (run): ImportPreview => {
        const { statuses, duplicates, rowAt } = run.result
        const wanted =
          request.view === "problems"
            ? "invalid"
            : request.view === "ready" || request.view === "excluded"
              ? request.view
              : undefined
        const inView: Array<number> = []
        for (let i = 0; i < statuses.length; i++) {
          if (
            request.view === "duplicates"
              ? duplicates[i] !== undefined
              : wanted === undefined || statuses[i] === wanted
          )
            inView.push(i)
        }
        return {
          uploadId,
          fileName: run.file.fileName,
          settings: request.settings,
          preset: request.preset,
          columns: run.columns,
          counts: run.result.counts,
          total: inView.length,
          rows: inView.slice(request.offset, request.offset + request.limit).map(rowAt),
          unknownSymbols: run.unknownSymbols,
          typeValues: run.typeValues
        }
      })

    const commit = (userId: UserId, uploadId: ImportUploadId, options: ImportOptions) =>
      transactions
        .transaction(
          Effect.gen(function* () {
            const file = Option.getOrUndefined(yield* repo.findUpload(userId, uploadId))
            if (file === undefined) return yield* uploadNotFound
            // With the portfolio locked, the review sees every activity a commit could race.
            if ((yield* transactions.lockPortfolios(userId, [file.portfolioId])) === 0)
              return yield* portfolioNotFound
            const run = yield* dryRun(userId, uploadId, options)
            const { counts, selected } = run.result
            if (selected.length === 0) {
              return yield* Unprocessable.field(
                ["rows"],
                counts.duplicates > 0 && counts.invalid === 0
                  ? `Nothing to import: the ${counts.duplicates} duplicate row(s) are already in the portfolio`
                  : `Nothing to import: ${counts.invalid} row(s) have problems, ${counts.duplicates} are duplicates, ${counts.excluded} are excluded`
              )
            }
            const saved = yield* repo.insertRun(
              userId,
              file.portfolioId,
              file.fileName,
              options.preset,
              {
                rows: counts.rows,
                imported: selected.length,
                duplicates: counts.duplicates,
                invalid: counts.invalid,
                excluded: counts.excluded
              }
            )
            yield* repo.insertEntries(
              userId,
              file.portfolioId,
              saved.id,
              selected.map((s) => ({
                entry: s.entry,
                externalId: run.externalIds.get(s.row) ?? null
              }))
            )
            // The review checked every sale; the database's own packs confirm it.
            const moved = new Set(
              selected.flatMap((s) =>
                "symbol" in s.entry && s.entry.symbol ? [s.entry.symbol] : []
              )
            )
            yield* Effect.forEach(
              moved,
              (symbol) => checkNoOversell(ledgers, userId, file.portfolioId, symbol),
              { discard: true }
            )
            yield* repo.deleteUpload(userId, uploadId)
            yield* audit.record("import_committed", {
              user: userId,
              category: "trading",
              target: `import_run:${saved.id}`,
              details: {
                fileName: file.fileName,
                preset: options.preset,
                ...counts,
                imported: selected.length
              }
            })
            return saved
          })
        )
        .pipe(
          Effect.catchTag("SqlError", (e) =>
            sqlState(e) === FOREIGN_KEY_VIOLATION ? Effect.fail(portfolioNotFound) : Effect.die(e)
          )
        )

    /** Fails with 404 unless the portfolio is the user's. */
    const checkPortfolio = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.asVoid(baseCurrency(userId, portfolioId))

    const runs = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.zipRight(
        checkPortfolio(userId, portfolioId),
        Effect.map(repo.runs(userId, portfolioId), (items) => ({ items }))
      )

    /** Removes a run's activities, unless a later sale needs what it brought in. */
    const undo = (userId: UserId, runId: ImportRunId) =>
      transactions
        .transaction(
          Effect.gen(function* () {
            const first = Option.getOrUndefined(yield* repo.findRunForUpdate(userId, runId))
            if (first === undefined) return yield* runNotFound
            if (first.undoneAt !== null)
              return yield* new Conflict({ message: "This import was undone already" })
            yield* transactions.lockPortfolios(userId, [first.portfolioId])
            const { run, symbols } = yield* repo.undo(userId, runId)
            yield* Effect.forEach(
              symbols,
              (symbol) =>
                Effect.mapError(
                  checkNoOversell(ledgers, userId, first.portfolioId, symbol as InstrumentSymbol),
                  (e) =>
                    new Unprocessable({
                      message: `This import cannot be undone: later activities depend on it. ${e.message}`,
                      issues: e.issues
                    })
                ),
              { discard: true }
            )
            yield* audit.record("import_undone", {
              user: userId,
              category: "trading",
              target: `import_run:${runId}`,
              details: { fileName: run.fileName, removed: run.imported }
            })
            return run
          })
        )
        .pipe(Effect.catchTag("SqlError", Effect.die))

    const profiles = (userId: UserId, portfolioId: PortfolioId) =>
      Effect.zipRight(
        checkPortfolio(userId, portfolioId),
        Effect.map(repo.profiles(userId, portfolioId), (items) => ({ items }))
      )

    const saveProfile = (userId: UserId, profile: SaveImportProfile) =>
      repo.saveProfile(userId, profile).pipe(
        Effect.catchTag("SqlError", (e) =>
          sqlState(e) === FOREIGN_KEY_VIOLATION ? Effect.fail(portfolioNotFound) : Effect.die(e)
        ),
        Effect.catchTag("ParseError", Effect.die)
      )

    const deleteProfile = (userId: UserId, id: ImportProfileId) =>
      Effect.flatMap(repo.deleteProfile(userId, id), (found) =>
        found ? Effect.void : Effect.fail(new NotFound({ message: "Mapping not found" }))
      )

    return {
      checkPortfolio,
      upload,
      preview,
      commit,
      runs,
      undo,
      profiles,
      saveProfile,
      deleteProfile
    } as const
  }),
  dependencies: [
    ImportsRepo.Default,
    TransactionsRepo.Default,
    LedgerRepo.Default,
    KnownInstruments.Default,
    AuditLog.Default
  ]
}) {}
