import { expect } from "vitest"
import { type makeClient, refreshCookieOf, STRONG_PASSWORD, uniqueEmail } from "./client.js"

export type Call = ReturnType<typeof makeClient>

/** Registers a fresh user and returns what a signed-in client holds. */
export const signUp = async (call: Call, tag = "user") => {
  const email = uniqueEmail(tag)
  const res = await call("POST", "/api/auth/register", {
    body: { email, password: STRONG_PASSWORD, acceptTerms: true }
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return {
    email,
    password: STRONG_PASSWORD,
    userId: res.body.user.id as string,
    token: res.body.accessToken as string,
    cookie: refreshCookieOf(res.headers)!
  }
}

export type Session = Awaited<ReturnType<typeof signUp>>
