import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "@effect/platform"
import { SchemaAST as AST, Schema } from "effect"
import { Authentication, requires } from "./Authentication.js"
import { Conflict, NotFound, Unprocessable, ValidationError } from "./Errors.js"
import { TransactionId } from "./Ids.js"
import {
  CreateTransaction,
  ListTransactionsParams,
  Transaction,
  TransactionPage,
  UpdateTransaction
} from "./Transaction.js"

const transactionId = HttpApiSchema.param("transactionId", TransactionId)

/**
 * The API answers a union member by member, each with its own status: a created entry is 201
 * whatever its type (documented by reference to the same member schemas).
 */
const TransactionCreated = Schema.Union(
  ...Transaction.members.map((m) =>
    Schema.make<typeof Transaction.Type, typeof Transaction.Encoded>(m.ast).annotations({
      ...HttpApiSchema.annotations({ status: 201 }),
      jsonSchema: {
        $ref: `#/components/schemas/${String(m.ast.annotations[AST.IdentifierAnnotationId])}`
      }
    })
  )
)

export const IdempotencyHeaders = Schema.Struct({
  "idempotency-key": Schema.optional(
    Schema.String.pipe(Schema.minLength(1), Schema.maxLength(255)).annotations({
      description:
        "Retrying a create with the same key returns the first result instead of a new row"
    })
  )
})

export class TransactionsApi extends HttpApiGroup.make("transactions")
  .add(
    HttpApiEndpoint.get("list", "/")
      .setUrlParams(ListTransactionsParams)
      .addSuccess(TransactionPage)
      .addError(ValidationError)
      .annotate(OpenApi.Summary, "List transactions by time, newest first unless order=asc")
      .annotate(
        OpenApi.Description,
        "Keyset pagination: pass the returned nextCursor as cursor (with the same filters) for the next page."
      )
  )
  .add(
    HttpApiEndpoint.post("create", "/")
      .setPayload(CreateTransaction)
      .setHeaders(IdempotencyHeaders)
      .addSuccess(TransactionCreated)
      .addError(NotFound)
      .addError(ValidationError)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Record a transaction")
      .annotate(
        OpenApi.Description,
        "The symbol must be a known instrument, the currency its quote currency or one an FX pair converts into it, and no sale may sell more than is held at its time (422 otherwise)."
      )
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.get("get")`/${transactionId}`
      .addSuccess(Transaction)
      .addError(NotFound)
      .annotate(OpenApi.Summary, "Get a transaction")
  )
  .add(
    HttpApiEndpoint.patch("update")`/${transactionId}`
      .setPayload(UpdateTransaction)
      .addSuccess(Transaction)
      .addError(NotFound)
      .addError(ValidationError)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Change a transaction")
      .pipe(requires("trader"))
  )
  .add(
    HttpApiEndpoint.del("delete")`/${transactionId}`
      .addSuccess(HttpApiSchema.NoContent)
      .addError(NotFound)
      .addError(Conflict)
      .addError(Unprocessable)
      .annotate(OpenApi.Summary, "Delete a transaction")
      .pipe(requires("trader"))
  )
  .middleware(Authentication)
  .prefix("/transactions")
  .annotate(OpenApi.Title, "Transactions") {}
