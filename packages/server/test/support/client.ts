/** A tiny fetch wrapper for tests that need full control over headers, bodies and cookies. */
export interface Response<T = any> {
  readonly status: number
  readonly headers: Headers
  readonly body: T
}

export interface CallOptions {
  readonly token?: string | undefined
  readonly body?: unknown
  readonly rawBody?: string | Uint8Array
  readonly headers?: Record<string, string>
  readonly cookie?: string | undefined
}

export const makeClient = (baseUrl: string, clientIp: string) => {
  const call = async <T = any>(
    method: string,
    path: string,
    options: CallOptions = {}
  ): Promise<Response<T>> => {
    const headers: Record<string, string> = { "x-forwarded-for": clientIp, ...options.headers }
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
    if (options.cookie !== undefined) headers.cookie = options.cookie
    let body: string | Uint8Array | undefined
    if (options.rawBody !== undefined) body = options.rawBody
    else if (options.body !== undefined) body = JSON.stringify(options.body)
    if (body !== undefined) headers["content-type"] ??= "application/json"
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body ?? null })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      body: text === "" ? undefined : parseOrText(text)
    }
  }
  return call
}

/** JSON answers parsed; anything else (a CSV download) as its text. */
const parseOrText = (text: string) => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The refresh cookie's value from a Set-Cookie answer, as a Cookie header. */
export const refreshCookieOf = (headers: Headers): string | undefined => {
  const match = headers
    .getSetCookie()
    .map((c) => /^refresh_token=([^;]*)/.exec(c)?.[1])
    .find((v) => v !== undefined && v !== "")
  return match === undefined ? undefined : `refresh_token=${match}`
}

/** A random address from the documentation range, so each test acts as its own client. */
export const randomClientIp = () =>
  `2001:db8::${[0, 0, 0].map(() => Math.floor(Math.random() * 0xffff).toString(16)).join(":")}`

let counter = 0
export const uniqueEmail = (tag = "user") =>
  `${tag}-${Date.now().toString(36)}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}@example.com`

export const STRONG_PASSWORD = "correct horse battery staple"
