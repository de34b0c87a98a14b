import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import type { Endpoint } from "./endpoints.js"

/** Ids the fuzzer can put anywhere an id goes: the caller's own, another user's, or unknown. */
export interface IdPools {
  readonly own: Record<IdKind, Array<string>>
  readonly others: Record<IdKind, Array<string>>
}
export type IdKind = "portfolioId" | "transactionId" | "conversationId"
const ID_KINDS: ReadonlyArray<IdKind> = ["portfolioId", "transactionId", "conversationId"]

/** Who the request claims to be. */
export type TokenKind = "valid" | "none" | "empty" | "garbage" | "forged" | "tampered" | "ended"
export type Tokens = Record<Exclude<TokenKind, "none" | "empty">, string>

/** An id resolved when the request is sent, since the pools grow and shrink during the run. */
interface IdRef {
  readonly idRef: IdKind
  readonly from: "own" | "others" | "unknown"
  readonly n: number
  readonly unknown: string
}
type Value = IdRef | unknown

export interface Plan {
  readonly endpoint: Endpoint
  readonly path: Record<string, Value>
  readonly query: ReadonlyArray<readonly [string, Value]>
  readonly headers: Record<string, string>
  /** The JSON body as a value, or raw text when a mutation made it no JSON at all. */
  readonly body: { readonly json: Value } | { readonly raw: string } | undefined
  readonly token: TokenKind
  readonly mutations: ReadonlyArray<string>
}

export const SYMBOLS = ["BTC-USD", "ETH-USD", "AAPL", "MSFT", "SAP.DE", "7203.T", "EUR-USD"]

/** Strings that have broken servers before: empty, control, huge, odd Unicode, injections. */
const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "x".repeat(5000),
  "😀".repeat(300),
  "\u202Egnp.exe",
  "e\u0301\u0301\u0301",
  "\uD800",
  "'; DROP TABLE app_data.users;--",
  "%00",
  "%",
  "../../etc/passwd",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the text itself is the probe
  "${jndi:ldap://127.0.0.1/a}",
  "<script>alert(1)</script>",
  "9".repeat(40),
  "-1",
  "1e309",
  "NaN",
  "0x10",
  "2024-02-30T00:00:00Z",
  "0000-01-01T00:00:00Z",
  "-271821-04-20T00:00:00.000Z",
  "null",
  "true"
]
// NUL gets a weight of its own: PostgreSQL cannot store it, so it must be refused at the edge.
const oddString = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("\u0000", "note\u0000", "\u0000\u0000x") },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) }
)
const oddValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  fc.constant(1e308),
  fc.constant(-0)
)
const BAD_IDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "%00",
  "a".repeat(300),
  "%E0%A4%A",
  "%2F",
  "-1",
  "😀",
  "null"
]

const idRef = (kind: IdKind): fc.Arbitrary<IdRef> =>
  fc.record({
    idRef: fc.constant(kind),
    from: fc.constantFrom("own", "own", "own", "others", "unknown"),
    n: fc.nat(),
    unknown: fc.uuid()
  }) as fc.Arbitrary<IdRef>

/** Values that make a request likelier to do something, by field name; encoded already. */
const OVERRIDES: Record<string, fc.Arbitrary<Value>> = {
  ...Object.fromEntries(ID_KINDS.map((kind) => [kind, idRef(kind)])),
  symbol: fc.oneof(fc.constantFrom(...SYMBOLS), fc.constant("NOPE-XYZ")),
  symbols: fc
    .array(fc.constantFrom(...SYMBOLS), { minLength: 1, maxLength: 4 })
    .map((s) => s.join(",")),
  currency: fc.constantFrom("USD", "EUR", "GBP", "JPY", "CHF", "XXX"),
  baseCurrency: fc.constantFrom("USD", "EUR", "GBP", "JPY"),
  executedAt: fc
    .date({
      min: new Date("1970-01-01"),
      max: new Date(Date.now() + 2 * 86_400_000),
      noInvalidDate: true
    })
    .map((d) => d.toISOString()),
  from: fc
    .date({ min: new Date("1970-01-01"), max: new Date(), noInvalidDate: true })
    .map((d) => d.toISOString()),
  to: fc
    .date({
      min: new Date("2000-01-01"),
      max: new Date(Date.now() + 86_400_000),
      noInvalidDate: true
    })
    .map((d) => d.toISOString()),
  quantity: fc.constantFrom("1", "0.5", "10", "0.0000000001", "1000000"),
  price: fc.constantFrom("1", "100.25", "0", "65000"),
  email: fc.emailAddress(),
  password: fc.oneof(fc.constant("correct horse battery staple"), fc.string({ maxLength: 80 })),
  acceptTerms: fc.boolean(),
  cursor: fc.oneof(
    fc.string({ maxLength: 60 }),
    fc
      .tuple(fc.date({ noInvalidDate: true }), fc.uuid())
      .map(([d, id]) => Buffer.from(`${d.toISOString()}|${id}`).toString("base64url"))
  )
}

const fieldsOf = (schema: Schema.Schema.Any | undefined) =>
  (schema as { fields?: Schema.Struct.Fields } | undefined)?.fields

/**
 * A valid value of each field of a Struct, in its encoded form. Fields are generated one by one:
 * Effect's Arbitrary can loop forever on some whole Structs mixing optional fields with and
 * without defaults, never on one of them alone.
 */
const structValue = (
  schema: Schema.Schema.Any | undefined
): fc.Arbitrary<Record<string, Value>> => {
  const fields = fieldsOf(schema)
  if (fields === undefined) return fc.constant({})
  const entries = Object.entries(fields).map(([name, field]) => {
    const single = Schema.Struct({ [name]: field }) as unknown as Schema.Schema<
      Record<string, unknown>,
      Record<string, unknown>
    >
    const generated = Arbitrary.make(single).map((value) => {
      if (!(name in value)) return undefined
      const encoded = Schema.encodeEither(single)(value)
      return Either.isRight(encoded) ? encoded.right[name] : undefined
    })
    const override = OVERRIDES[name]
    const arb =
      override === undefined
        ? generated
        : fc.tuple(generated, override).map(([g, o]) => (g === undefined ? undefined : o))
    return fc.tuple(fc.constant(name), arb)
  })
  return fc
    .tuple(...entries)
    .map((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== undefined)))
}

const tokenKind: fc.Arbitrary<TokenKind> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("valid" as const) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Array<TokenKind>>(
      "none",
      "empty",
      "garbage",
      "forged",
      "tampered",
      "ended"
    )
  }
)

type Draft = Omit<Plan, "mutations">
type Mutation = (draft: Draft) => fc.Arbitrary<Draft>

const withBody = (
  draft: Draft,
  f: (json: Record<string, unknown>) => fc.Arbitrary<Value>
): fc.Arbitrary<Draft> => {
  const json = draft.body !== undefined && "json" in draft.body ? draft.body.json : {}
  const object = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {}
  return f(object).map((next) => ({ ...draft, body: { json: next } }))
}

const anyKey = (object: Record<string, unknown>) =>
  Object.keys(object).length === 0
    ? fc.string({ maxLength: 8 })
    : fc.constantFrom(...Object.keys(object))

/** A key holding text where there is one: where odd text reaches the database. */
const textKey = (object: Record<string, unknown>) => {
  const keys = Object.keys(object).filter((k) => typeof object[k] === "string")
  return keys.length === 0 ? anyKey(object) : fc.constantFrom(...keys)
}

/** Ways to spoil a request, each a property the API must survive. */
const MUTATIONS: Record<string, Mutation> = {
  wrongType: (d) =>
    withBody(d, (o) => fc.tuple(anyKey(o), oddValue).map(([k, v]) => ({ ...o, [k]: v }))),
  oddString: (d) =>
    withBody(d, (o) => fc.tuple(textKey(o), oddString).map(([k, v]) => ({ ...o, [k]: v }))),
  unknownField: (d) =>
    withBody(d, (o) =>
      fc
        .tuple(
          fc.constantFrom("id", "userId", "createdAt", "__proto__", "constructor", "zz"),
          oddValue
        )
        .map(([k, v]) => ({ ...o, [k]: v }))
    ),
  notAnObject: (d) =>
    fc.constantFrom(null, [], "text", 1, [1, 2]).map((json) => ({ ...d, body: { json } })),
  deep: (d) =>
    fc
      .constantFrom(33, 200, 5000)
      .map((n) => ({ ...d, body: { raw: "[".repeat(n) + "]".repeat(n) } })),
  notJson: (d) =>
    fc
      .constantFrom("{", '{"a":}', "\u0000", "undefined", "{'a':1}")
      .map((raw) => ({ ...d, body: { raw } })),
  huge: (d) => fc.constant({ ...d, body: { json: { note: "x".repeat(70 * 1024) } } }),
  contentType: (d) =>
    fc
      .constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json-seq"
      )
      .map((type) => ({
        ...d,
        body: d.body ?? { raw: "a=1" },
        headers: { ...d.headers, "content-type": type }
      })),
  query: (d) =>
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(...d.query.map(([k]) => k), "limit", "cursor", "from", "to", "zz"),
          fc.string({ maxLength: 6 })
        ),
        fc.oneof(oddString, fc.string({ maxLength: 20 }))
      )
      .map(([k, v]) => ({ ...d, query: [...d.query, [k, v] as const] })),
  pathId: (d) =>
    Object.keys(d.path).length === 0
      ? fc.constant(d)
      : fc
          .tuple(fc.constantFrom(...Object.keys(d.path)), fc.constantFrom(...BAD_IDS))
          .map(([k, v]) => ({ ...d, path: { ...d.path, [k]: { raw: v } } })),
  idempotencyKey: (d) =>
    fc
      .constantFrom("", "x".repeat(300), "\u00e9", "k")
      .map((key) => ({ ...d, headers: { ...d.headers, "idempotency-key": key } }))
}

/** A request to an endpoint: valid from its Schemas, or spoiled by one or two mutations. */
export const planFor = (endpoint: Endpoint): fc.Arbitrary<Plan> => {
  const draft: fc.Arbitrary<Draft> = fc
    .record({
      path: structValue(endpoint.path),
      query: structValue(endpoint.urlParams),
      headers: structValue(endpoint.headers),
      body:
        endpoint.payload === undefined
          ? fc.constant(undefined)
          : structValue(endpoint.payload).map((json) => ({ json })),
      token: tokenKind
    })
    .map(({ path, query, headers, body, token }) => ({
      endpoint,
      path,
      query: Object.entries(query),
      headers: headers as Record<string, string>,
      body,
      token
    }))
  const names = Object.keys(MUTATIONS)
  return fc
    .tuple(draft, fc.array(fc.constantFrom(...names), { maxLength: 2 }), fc.boolean())
    .chain(([d, chosen, valid]) => {
      const mutations = valid ? [] : chosen
      return mutations
        .reduce<fc.Arbitrary<Draft>>(
          (acc, name) => acc.chain((x) => MUTATIONS[name]!(x)),
          fc.constant(d)
        )
        .map((done) => ({ ...done, mutations }))
    })
}

/** The URL, headers and body of a plan, with its ids taken from the pools now. */
export const materialise = (plan: Plan, pools: IdPools, tokens: Tokens) => {
  const resolve = (value: Value): unknown => {
    if (typeof value === "object" && value !== null && "idRef" in value) {
      const ref = value as IdRef
      const pool = ref.from === "unknown" ? [] : pools[ref.from][ref.idRef]
      return pool.length === 0 ? ref.unknown : pool[ref.n % pool.length]
    }
    return value
  }
  const deep = (value: Value): unknown => {
    const v = resolve(value)
    if (Array.isArray(v)) return v.map(deep)
    if (typeof v === "object" && v !== null)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)]))
    return v
  }
  const path = plan.endpoint.template.replace(/:(\w+)/g, (_, name: string) => {
    const value = plan.path[name]
    if (typeof value === "object" && value !== null && "raw" in value)
      return String((value as { raw: string }).raw)
    return encodeURIComponent(String(resolve(value)))
  })
  const search = new URLSearchParams()
  for (const [k, v] of plan.query) search.append(k, String(resolve(v)))
  const headers: Record<string, string> = { ...plan.headers }
  switch (plan.token) {
    case "none":
      break
    case "empty":
      headers.authorization = "Bearer "
      break
    default:
      headers.authorization = `Bearer ${tokens[plan.token]}`
  }
  let body: string | undefined
  if (plan.body !== undefined) {
    body = "raw" in plan.body ? plan.body.raw : JSON.stringify(deep(plan.body.json))
    headers["content-type"] ??= "application/json"
  }
  const query = search.toString()
  return {
    method: plan.endpoint.method,
    url: `${path}${query === "" ? "" : `?${query}`}`,
    headers,
    body
  }
}
