/** A Server-Sent Events reader for tests: every message and comment as it arrives. */
export interface SseMessage {
  readonly id?: string
  readonly data?: unknown
  readonly comment?: string
  readonly retry?: number
}

export interface SseStream {
  readonly status: number
  readonly headers: Headers
  /** The answer's JSON body when it was not a stream (an error). */
  readonly error: unknown
  readonly messages: Array<SseMessage>
  /** The events (messages with data), in order. */
  readonly events: () => Array<{ id?: string; data: any }>
  readonly ended: Promise<void>
  readonly isEnded: () => boolean
  readonly waitFor: (what: string, done: () => boolean, ms?: number) => Promise<void>
  readonly close: () => void
}

const parse = (block: string): SseMessage => {
  const message: { id?: string; data?: unknown; comment?: string; retry?: number } = {}
  const data: Array<string> = []
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) message.comment = line.slice(1).trim()
    else if (line.startsWith("id: ")) message.id = line.slice(4)
    else if (line.startsWith("data: ")) data.push(line.slice(6))
    else if (line.startsWith("retry: ")) message.retry = Number(line.slice(7))
  }
  if (data.length > 0) message.data = JSON.parse(data.join("\n"))
  return message
}

export const openSse = async (
  url: string,
  headers: Record<string, string> = {}
): Promise<SseStream> => {
  const abort = new AbortController()
  const response = await fetch(url, { headers, signal: abort.signal })
  const messages: Array<SseMessage> = []
  let ended = false
  let error: unknown
  let done: Promise<void>
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    error = await response.json()
    ended = true
    done = Promise.resolve()
  } else {
    done = (async () => {
      const decoder = new TextDecoder()
      let buffer = ""
      try {
        for await (const chunk of response.body!) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true })
          let end = buffer.indexOf("\n\n")
          while (end >= 0) {
            messages.push(parse(buffer.slice(0, end)))
            buffer = buffer.slice(end + 2)
            end = buffer.indexOf("\n\n")
          }
        }
      } catch {
        // Aborted by close().
      } finally {
        ended = true
      }
    })()
  }
  return {
    status: response.status,
    headers: response.headers,
    error,
    messages,
    events: () => messages.filter((m) => m.data !== undefined) as Array<{ id?: string; data: any }>,
    ended: done,
    isEnded: () => ended,
    waitFor: async (what, isDone, ms = 10_000) => {
      const deadline = Date.now() + ms
      while (!isDone()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
        await new Promise((r) => setTimeout(r, 25))
      }
    },
    close: () => abort.abort()
  }
}
