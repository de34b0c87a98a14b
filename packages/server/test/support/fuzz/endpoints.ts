import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { HttpApi, HttpApiSchema } from "@effect/platform"
import { Api } from "@trading-app/domain"
import { Option, Schema, type SchemaAST } from "effect"

/** One endpoint of the HttpApi, as the fuzz test needs it. */
export interface Endpoint {
  /** "group.name", e.g. "transactions.create". */
  readonly id: string
  readonly method: string
  /** The path template with `:param`s, e.g. "/api/portfolios/:portfolioId". */
  readonly template: string
  readonly authenticated: boolean
  readonly path: Schema.Schema.Any | undefined
  readonly urlParams: Schema.Schema.Any | undefined
  readonly payload: Schema.Schema.Any | undefined
  readonly headers: Schema.Schema.Any | undefined
  /** Success schemas by status; undefined for an empty body (204). */
  readonly successes: ReadonlyMap<number, Schema.Schema.Any | undefined>
  /** Error schemas by status (a union where several errors share one). */
  readonly errors: ReadonlyMap<number, Schema.Schema.Any>
  /** The statuses openapi.json declares for the endpoint. */
  readonly declared: ReadonlySet<number>
  /** Whether its success is a file as text (a CSV download) rather than JSON. */
  readonly textSuccess: boolean
}

const OPENAPI = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../../../../../openapi.json"), "utf8")
) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }

const schemaOf = (ast: SchemaAST.AST) => Schema.make(ast) as Schema.Schema.Any
const optionally = (schema: Option.Option<unknown>) =>
  Option.getOrUndefined(schema) as Schema.Schema.Any | undefined

/** Every endpoint of the API, from the HttpApi itself and the statuses openapi.json declares. */
export const endpoints = (): ReadonlyArray<Endpoint> => {
  const all: Array<Endpoint> = []
  HttpApi.reflect(Api, {
    onGroup: () => {},
    onEndpoint: ({ group, endpoint, middleware, successes, errors }) => {
      const openApiPath = endpoint.path.replace(/:(\w+)/g, "{$1}")
      const operation = OPENAPI.paths[openApiPath]?.[endpoint.method.toLowerCase()]
      if (operation === undefined)
        throw new Error(`openapi.json lacks ${endpoint.method} ${openApiPath}`)
      all.push({
        id: `${group.identifier}.${endpoint.name}`,
        method: endpoint.method,
        template: endpoint.path,
        authenticated: middleware.size > 0,
        path: optionally(endpoint.pathSchema),
        urlParams: optionally(endpoint.urlParamsSchema),
        payload: optionally(endpoint.payloadSchema),
        headers: optionally(endpoint.headersSchema),
        successes: new Map(
          [...successes].map(([status, { ast }]) => [
            status,
            Option.getOrUndefined(Option.map(ast, schemaOf))
          ])
        ),
        errors: new Map(
          [...errors].flatMap(([status, { ast }]) =>
            Option.isSome(ast) ? [[status, schemaOf(ast.value)] as const] : []
          )
        ),
        declared: new Set(Object.keys(operation.responses).map(Number)),
        textSuccess: [...successes].some(
          ([, { ast }]) =>
            Option.isSome(ast) && HttpApiSchema.getEncoding(ast.value).kind === "Text"
        )
      })
    }
  })
  return all
}
