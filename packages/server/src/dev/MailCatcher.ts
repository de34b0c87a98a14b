import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

/** A mail the catcher received. */
export interface CaughtMail {
  readonly id: number
  readonly at: string
  readonly from: string
  readonly to: string
  readonly subject: string
  readonly text: string
}

export interface MailCatcher {
  /** What SMTP_URL points at: plain SMTP on loopback. */
  readonly smtpUrl: string
  /** The page listing the mail received (and `/messages.json` for tests). */
  readonly url: string
  readonly messages: () => ReadonlyArray<CaughtMail>
  readonly close: () => Promise<void>
}

// Kept in memory, newest last; the oldest go beyond this many.
const KEPT = 200
const MAX_MESSAGE_BYTES = 1024 * 1024

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** A mail's text as HTML, its links clickable. */
const textHtml = (text: string) =>
  escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)

const page = (messages: ReadonlyArray<CaughtMail>) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development mail</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style>
</head><body><h1>Development mail</h1>
<p>Mail the app sends while it runs on the embedded default arrives here instead of in an inbox.</p>
${
  messages.length === 0
    ? "<p>No mail yet.</p>"
    : [...messages]
        .reverse()
        .map(
          (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p>To ${escapeHtml(m.to)} · ${escapeHtml(m.at)}</p><pre>${textHtml(m.text)}</pre></article>`
        )
        .join("\n")
}</body></html>`

/**
 * A local stand-in for an SMTP server, for development and tests: it accepts any mail over
 * plain SMTP on loopback (no STARTTLS, no password), parses it, and shows it on a web page.
 * Its libraries are loaded on demand: production images do not carry them.
 */
export const startMailCatcher = async (): Promise<MailCatcher> => {
  const [{ SMTPServer }, { simpleParser }] = await Promise.all([
    import("smtp-server"),
    import("mailparser")
  ])
  const messages: Array<CaughtMail> = []
  let next = 1
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData: (stream, _session, done) => {
      simpleParser(stream)
        .then((mail) => {
          messages.push({
            id: next++,
            at: new Date().toISOString(),
            from: mail.from?.text ?? "",
            to: [mail.to ?? []]
              .flat()
              .map((a) => a.text)
              .join(", "),
            subject: mail.subject ?? "",
            text: mail.text ?? ""
          })
          if (messages.length > KEPT) messages.shift()
          done()
        })
        .catch((error: Error) => done(error))
    }
  })
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve))
  const smtpPort = (smtp.server.address() as AddressInfo).port

  const http = createServer((request, response) => {
    if (request.url === "/messages.json") {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify(messages))
      return
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" })
    response.end(page(messages))
  })
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))
  const httpPort = (http.address() as AddressInfo).port

  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    url: `http://127.0.0.1:${httpPort}/`,
    messages: () => messages,
    close: () =>
      Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          http.closeAllConnections()
          http.close(() => resolve())
        })
      ]).then(() => undefined)
  }
}
