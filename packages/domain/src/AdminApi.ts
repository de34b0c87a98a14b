import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import {
  ActiveSessions,
  AdminUser,
  AdminUserPage,
  ChangeRole,
  SessionsEnded,
  UserSearchQuery
} from "./Admin.js"
import { Authentication, requires } from "./Authentication.js"
import { Conflict, NotFound, ValidationError } from "./Errors.js"
import { UserId } from "./Ids.js"
import { PortfolioList } from "./Portfolio.js"
import { ListTransactionsParams, TransactionPage } from "./Transaction.js"
import { Holdings, PortfolioScope, ValuationParams } from "./Valuation.js"

const userId = HttpApiSchema.param("userId", UserId)
const portfolioScope = HttpApiSchema.param("portfolioId", PortfolioScope)

/**
 * Users, for support and administration. Managers read (every user's account, sessions,
 * portfolios and transactions; each look at another user's data is audited); administrators
 * also change roles, disable and enable accounts, lift a sign-in lock and end sessions.
 */
export class AdminApi extends HttpApiGroup.make("admin")
  .add(
    HttpApiEndpoint.get("users", "/users")
      .setUrlParams(UserSearchQuery)
      .addSuccess(AdminUserPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "Search users by e-mail or name, role and status")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("user")`/users/${userId}`
      .addSuccess(AdminUser)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "One user's account")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.put("setRole")`/users/${userId}/role`
      .setPayload(ChangeRole)
      .addSuccess(AdminUser)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(OpenApi.Summary, "Give a user a role")
      .annotate(OpenApi.Description, "Counts from the user's next request. Not your own role.")
      .pipe(requires("admin"))
  )
  .add(
    HttpApiEndpoint.post("disable")`/users/${userId}/disable`
      .addSuccess(AdminUser)
      .addError(NotFound)
      .addError(Conflict)
      .annotate(OpenApi.Summary, "Disable an account and end its sessions")
      .annotate(
        OpenApi.Description,
        "The user cannot sign in, and their tokens and event streams stop working at once. Not your own account."
      )
      .pipe(requires("admin"))
  )
  .add(
    HttpApiEndpoint.post("enable")`/users/${userId}/enable`
      .addSuccess(AdminUser)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Enable a disabled account")
      .pipe(requires("admin"))
  )
  .add(
    HttpApiEndpoint.post("unlock")`/users/${userId}/unlock`
      .addSuccess(AdminUser)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Lift the hold that failed sign-ins put on an account")
      .annotate(
        OpenApi.Description,
        "Forgets the account's failed sign-in attempts; limits per network address stay."
      )
      .pipe(requires("admin"))
  )
  .add(
    HttpApiEndpoint.get("sessions")`/users/${userId}/sessions`
      .addSuccess(ActiveSessions)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A user's sign-in sessions that have not ended")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.del("endSessions")`/users/${userId}/sessions`
      .addSuccess(SessionsEnded)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Sign a user out everywhere")
      .pipe(requires("admin"))
  )
  .add(
    HttpApiEndpoint.get("portfolios")`/users/${userId}/portfolios`
      .addSuccess(PortfolioList)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A user's portfolios (read-only, audited)")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("holdings")`/users/${userId}/portfolios/${portfolioScope}/holdings`
      .setUrlParams(ValuationParams)
      .addSuccess(Holdings)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "A user's holdings (read-only, audited)")
      .pipe(requires("manager"))
  )
  .add(
    HttpApiEndpoint.get("transactions")`/users/${userId}/transactions`
      .setUrlParams(ListTransactionsParams)
      .addSuccess(TransactionPage)
      .addError(NotFound)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "A user's transactions (read-only, audited)")
      .pipe(requires("manager"))
  )
  .middleware(Authentication)
  .prefix("/admin")
  .annotate(OpenApi.Title, "Administration") {}
