import { SqlClient, SqlSchema } from "@effect/sql"
import { Email, type UpdateProfile, User, UserId } from "@trading-app/domain"
import { Effect, Option, Schema } from "effect"
import { isoTimestamp } from "../Database/SqlTime.js"

const UserRow = Schema.typeSchema(User)
const UserWithHash = Schema.typeSchema(
  Schema.Struct({ ...User.fields, passwordHash: Schema.String, disabled: Schema.Boolean })
)

/** Users: every query is keyed by the user's own id or e-mail. */
export class UsersRepo extends Effect.Service<UsersRepo>()("UsersRepo", {
  effect: Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(`id, email, display_name AS "displayName", role,
      default_currency AS "defaultCurrency", time_zone AS "timeZone",
      terms_version AS "termsVersion", ${isoTimestamp("terms_accepted_at", "termsAcceptedAt")},
      ${isoTimestamp("created_at", "createdAt")}`)

    /** Inserts the user, or returns none when the e-mail is taken. */
    const insert = SqlSchema.findOne({
      Request: Schema.Struct({
        email: Schema.String,
        passwordHash: Schema.String,
        displayName: Schema.NullOr(Schema.String),
        termsVersion: Schema.String
      }),
      Result: UserRow,
      execute: (u) => sql`
        INSERT INTO app_data.users (email, password_hash, display_name, terms_version, terms_accepted_at)
        VALUES (${u.email}, ${u.passwordHash}, ${u.displayName}, ${u.termsVersion}, now())
        ON CONFLICT ((lower(email))) DO NOTHING
        RETURNING ${columns}`
    })

    const findByEmail = SqlSchema.findOne({
      Request: Email,
      Result: UserWithHash,
      execute: (email) => sql`
        SELECT ${columns}, password_hash AS "passwordHash", disabled_at IS NOT NULL AS disabled
        FROM app_data.users WHERE lower(email) = ${email}`
    })

    const findById = SqlSchema.findOne({
      Request: UserId,
      Result: UserRow,
      execute: (id) => sql`SELECT ${columns} FROM app_data.users WHERE id = ${id}`
    })

    const updatePasswordHash = (id: UserId, passwordHash: string) =>
      sql`UPDATE app_data.users SET password_hash = ${passwordHash}, updated_at = now() WHERE id = ${id}`

    /** Changes what the update names; none when there is no such user. */
    const updateProfile = (id: UserId, update: UpdateProfile) =>
      sql`UPDATE app_data.users SET
            display_name = ${update.displayName === undefined ? sql`display_name` : update.displayName},
            default_currency = ${update.defaultCurrency ?? sql`default_currency`},
            time_zone = ${update.timeZone === undefined ? sql`time_zone` : update.timeZone},
            updated_at = now()
          WHERE id = ${id} RETURNING ${columns}`.pipe(
        Effect.flatMap(Schema.decodeUnknown(Schema.Array(UserRow))),
        Effect.map((rows) => Option.fromNullable(rows[0])),
        Effect.orDie,
        Effect.withSpan("UsersRepo.updateProfile")
      )

    /** The stored password hash of the user, for re-checking it. */
    const passwordHashOf = (id: UserId) =>
      sql<{ hash: string }>`SELECT password_hash AS hash FROM app_data.users WHERE id = ${id}`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.hash)),
        Effect.orDie
      )

    /**
     * Deletes the user and everything that is theirs (the foreign keys cascade), after making
     * their audit entries name nobody.
     */
    const remove = (id: UserId) =>
      sql
        .withTransaction(
          Effect.zipRight(
            sql`SELECT app_data.audit_forget_user(${id})`,
            sql`DELETE FROM app_data.users WHERE id = ${id}`
          )
        )
        .pipe(Effect.asVoid, Effect.orDie, Effect.withSpan("UsersRepo.remove"))

    return {
      updateProfile,
      passwordHashOf,
      remove,
      insert: (u: Parameters<typeof insert>[0]) =>
        insert(u).pipe(Effect.orDie, Effect.withSpan("UsersRepo.insert")),
      findByEmail: (email: Email) =>
        findByEmail(email).pipe(Effect.orDie, Effect.withSpan("UsersRepo.findByEmail")),
      findById: (id: UserId) =>
        findById(id).pipe(Effect.orDie, Effect.withSpan("UsersRepo.findById")),
      updatePasswordHash: (id: UserId, hash: string) =>
        updatePasswordHash(id, hash).pipe(
          Effect.asVoid,
          Effect.orDie,
          Effect.withSpan("UsersRepo.updatePasswordHash")
        )
    } as const
  })
}) {}
