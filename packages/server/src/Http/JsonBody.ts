/** What is wrong with a JSON body, and where; none when it may be served. */
export interface JsonProblem {
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** Deeper than any body of the API needs: bounds the work of every later walk over the value. */
export const MAX_JSON_DEPTH = 32

const NUL_MESSAGE = "Must not contain the NUL character (\\u0000)"

/**
 * Parses a request body and checks what no endpoint accepts anywhere: nesting deeper than
 * MAX_JSON_DEPTH, and the NUL character in any key or string (PostgreSQL cannot store it in text).
 */
export const checkJsonBody = (text: string): JsonProblem | undefined => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { path: [], message: "The request body is not valid JSON" }
  }
  return walk(value, [])
}

const walk = (value: unknown, path: Array<string | number>): JsonProblem | undefined => {
  if (typeof value === "string") {
    return value.includes("\0") ? { path, message: NUL_MESSAGE } : undefined
  }
  if (typeof value !== "object" || value === null) return undefined
  if (path.length >= MAX_JSON_DEPTH) {
    return { path, message: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels` }
  }
  const entries: ReadonlyArray<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  for (const [key, item] of entries) {
    const at = [...path, key]
    if (typeof key === "string" && key.includes("\0")) return { path: at, message: NUL_MESSAGE }
    const problem = walk(item, at)
    if (problem !== undefined) return problem
  }
  return undefined
}

/** The first query parameter, or else the path, holding a NUL character. */
export const nulInUrl = (url: string): JsonProblem | undefined => {
  if (!/%00|\0/i.test(url)) return undefined
  const query = url.indexOf("?")
  // URLSearchParams never throws, whatever the text (new URL does, on "//[%00").
  for (const [name, value] of new URLSearchParams(query < 0 ? "" : url.slice(query + 1))) {
    if (name.includes("\0") || value.includes("\0")) return { path: [name], message: NUL_MESSAGE }
  }
  return { path: ["path"], message: NUL_MESSAGE }
}
