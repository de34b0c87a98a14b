import { createHash, randomBytes } from "node:crypto"
import {
  type ConfirmPasswordReset,
  type Email,
  NotAvailable,
  type PasswordResetAccepted,
  type PasswordResetStatus,
  TooManyRequests,
  Unprocessable
} from "@trading-app/domain"
import { Effect, Option } from "effect"
import { AdminUsersRepo } from "../Admin/AdminUsersRepo.js"
import { AppConfig } from "../AppConfig.js"
import { clientInfo } from "../Http/ClientInfo.js"
import { AuditLog } from "../Logs/AuditLog.js"
import { Mailer } from "../Mail/Mailer.js"
import { UsersRepo } from "../Users/UsersRepo.js"
import { PasswordHasher } from "./PasswordHasher.js"
import { PasswordResetsRepo } from "./PasswordResetsRepo.js"
import { SessionRevocations } from "./SessionRevocations.js"
import { SessionsRepo } from "./SessionsRepo.js"

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex")

const ACCEPTED =
  "If an account has this address, a link to choose a new password is on its way. It works once, within 30 minutes."

const notAvailable = new NotAvailable({
  message:
    "Password reset by e-mail is not available on this server (it has no mail settings). Ask its operator for help."
})

const badToken = Unprocessable.field(
  ["token"],
  "This link is not valid: it was used already, it is older than 30 minutes, or it was cut short. Ask for a new one."
)

/**
 * "Forgot password": a mail with a single-use link (its token stored only as a hash, valid 30
 * minutes), the same answer whether or not the address has an account, throttled per address
 * (429) and per account (later requests send nothing). Setting a new password with the link
 * ends every session of the account and lifts its sign-in lock.
 */
export class PasswordReset extends Effect.Service<PasswordReset>()("PasswordReset", {
  effect: Effect.gen(function* () {
    const config = yield* AppConfig
    const repo = yield* PasswordResetsRepo
    const users = yield* UsersRepo
    const sessions = yield* SessionsRepo
    const revocations = yield* SessionRevocations
    const hasher = yield* PasswordHasher
    const admin = yield* AdminUsersRepo
    const mailer = yield* Mailer
    const audit = yield* AuditLog
    const { mail } = config
    const mailbox = Option.getOrNull(mail.catcherUrl)
    const publicUrl = Option.map(mail.publicUrl, (u) => u.replace(/\/$/, ""))
    const available = mailer.available && Option.isSome(publicUrl)

    const status: PasswordResetStatus = { available, mailbox: available ? mailbox : null }

    const request = (email: Email) =>
      Effect.gen(function* () {
        if (!available) return yield* notAvailable
        const { ip } = yield* Effect.provideService(clientInfo, AppConfig, config)
        const recent = yield* repo.recentFromIp(ip)
        if (recent.count >= mail.resetsPerIpPerHour) {
          return yield* new TooManyRequests({
            message: `Too many password resets asked for from your address; try again in ${Math.ceil(recent.wait / 60)} minutes`,
            retryAfter: recent.wait
          })
        }
        const user = yield* users.findByEmail(email)
        const userId = Option.isSome(user) ? user.value.id : null
        const send =
          userId !== null && (yield* repo.recentMailsTo(userId)) < mail.resetsPerAccountPerHour
        const token = send ? randomBytes(32).toString("base64url") : null
        yield* repo.insert(userId, ip, token === null ? null : sha256(token))
        if (userId !== null) {
          yield* audit.record("password_reset_requested", {
            user: userId,
            details: { mailSent: token !== null }
          })
        }
        // Sent in the background: the answer takes as long whether or not a mail goes out.
        if (token !== null) {
          const link = `${Option.getOrThrow(publicUrl)}/reset-password#token=${token}`
          yield* Effect.forkDaemon(
            mailer
              .send({
                to: email,
                subject: "Choose a new trading-app password",
                text: [
                  "Someone, probably you, asked to reset the password of the trading-app account of this address.",
                  "",
                  "To choose a new password, open this link within 30 minutes (it works once):",
                  link,
                  "",
                  "If you did not ask, ignore this mail: your password stays as it is."
                ].join("\n")
              })
              .pipe(
                Effect.catchAllCause((cause) =>
                  Effect.logWarning("A password reset mail could not be sent", cause)
                )
              )
          )
        }
        return { message: ACCEPTED, mailbox: status.mailbox } satisfies PasswordResetAccepted
      })

    const confirm = (input: ConfirmPasswordReset) =>
      Effect.gen(function* () {
        const userId = yield* repo.consume(sha256(input.token))
        if (Option.isNone(userId)) return yield* badToken
        const hash = yield* hasher.hash(input.newPassword)
        yield* audit.audited(
          Effect.gen(function* () {
            yield* users.updatePasswordHash(userId.value, hash)
            const ended = yield* sessions.revokeAllOf(userId.value, "password_reset")
            yield* Effect.forEach(ended, revocations.add, { discard: true })
            yield* admin.clearFailedSignIns(userId.value)
            return ended.length
          }),
          "password_reset",
          (ended) => ({ user: userId.value, details: { sessionsEnded: ended } })
        )
      })

    return { status, request, confirm } as const
  }),
  dependencies: [
    PasswordResetsRepo.Default,
    UsersRepo.Default,
    SessionsRepo.Default,
    SessionRevocations.Default,
    PasswordHasher.Default,
    AdminUsersRepo.Default,
    Mailer.Default,
    AuditLog.Default
  ]
}) {}
