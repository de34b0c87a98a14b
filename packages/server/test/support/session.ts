import type { Role } from "@trading-app/domain"
import { expect } from "vitest"
import { type makeClient, refreshCookieOf, STRONG_PASSWORD, uniqueEmail } from "./client.js"
import type { TestServer } from "./TestServer.js"

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

/** A fresh user given `role` directly in the database (as `pnpm user:role` would). */
export const signUpAs = async (
  call: Call,
  ownerQuery: TestServer["ownerQuery"],
  role: Role,
  tag: string = role
) => {
  const session = await signUp(call, tag)
  await ownerQuery(
    (sql) => sql`UPDATE app_data.users SET role = ${role} WHERE id = ${session.userId}`
  )
  return session
}

/** The id of the user's first portfolio (the one every account starts with). */
export const firstPortfolioOf = async (call: Call, session: Session) =>
  (await call("GET", "/api/portfolios", { token: session.token })).body.items[0].id as string
