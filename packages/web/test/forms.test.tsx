import { screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import { LoginPage } from "../src/auth/LoginPage.js"
import RegisterPage from "../src/auth/RegisterPage.js"
import { useSession } from "../src/stores/session.js"
import { fakeApi, user } from "./fakeApi.js"
import { renderAt } from "./render.js"

const signedOut = () => useSession.setState({ status: "signedOut", user: null })

describe("registration", () => {
  it("cannot be sent without consent to the terms", async () => {
    signedOut()
    const requests = fakeApi(() => undefined)
    renderAt("/register", { "/register": <RegisterPage /> })
    await userEvent.type(screen.getByLabelText(/^E-mail/), "ada@example.com")
    await userEvent.type(screen.getByLabelText(/^Password/), "correct horse battery staple")
    await userEvent.click(screen.getByRole("button", { name: "Create account" }))
    expect(
      await screen.findByText("You must accept the terms of service and the privacy policy")
    ).toBeTruthy()
    expect(requests).toHaveLength(0)
    expect(screen.getByRole("link", { name: "terms of service" }).getAttribute("href")).toBe(
      "/terms-of-service"
    )
    expect(screen.getByRole("link", { name: "privacy policy" }).getAttribute("href")).toBe(
      "/privacy-policy"
    )
  })

  it("checks the password with the domain's rules before sending", async () => {
    signedOut()
    const requests = fakeApi(() => undefined)
    renderAt("/register", { "/register": <RegisterPage /> })
    await userEvent.type(screen.getByLabelText(/^E-mail/), "ada@example.com")
    await userEvent.type(screen.getByLabelText(/^Password/), "password1")
    await userEvent.click(screen.getByRole("checkbox"))
    await userEvent.click(screen.getByRole("button", { name: "Create account" }))
    expect(await screen.findByText("This password is too common; choose another")).toBeTruthy()
    expect(requests).toHaveLength(0)
  })

  it("shows a taken e-mail next to the e-mail field, and signs in on success", async () => {
    signedOut()
    let taken = true
    const requests = fakeApi((r) => {
      if (r.path !== "/api/auth/register") return undefined
      if (taken) {
        taken = false
        return {
          status: 409,
          body: { _tag: "Conflict", message: "This e-mail is already registered", field: "email" }
        }
      }
      return { status: 201, body: { user, accessToken: "t", expiresIn: 900 } }
    })
    renderAt("/register?next=%2Ftransactions", {
      "/register": <RegisterPage />,
      "/transactions": <p>Transactions here</p>
    })
    await userEvent.type(screen.getByLabelText(/^E-mail/), "ada@example.com")
    await userEvent.type(screen.getByLabelText(/^Password/), "correct horse battery staple")
    await userEvent.click(screen.getByRole("checkbox"))
    await userEvent.click(screen.getByRole("button", { name: "Create account" }))
    const error = await screen.findByText("This e-mail is already registered")
    expect(screen.getByLabelText(/^E-mail/).getAttribute("aria-describedby")).toContain(
      error.id || "error"
    )
    expect(requests[0]?.body).toEqual({
      email: "ada@example.com",
      password: "correct horse battery staple",
      acceptTerms: true
    })
    await userEvent.click(screen.getByRole("button", { name: "Create account" }))
    expect(await screen.findByText("Transactions here")).toBeTruthy()
    expect(useSession.getState().status).toBe("signedIn")
  })
})

describe("sign-in", () => {
  it("shows throttling with its wait time next to the e-mail", async () => {
    signedOut()
    fakeApi((r) =>
      r.path === "/api/auth/login"
        ? {
            status: 429,
            body: {
              _tag: "TooManyRequests",
              message: "Too many failed sign-ins.",
              retryAfter: 600
            },
            headers: { "retry-after": "600" }
          }
        : undefined
    )
    renderAt("/login", { "/login": <LoginPage /> })
    await userEvent.type(screen.getByLabelText(/^E-mail/), "ada@example.com")
    await userEvent.type(screen.getByLabelText(/^Password/), "wrong")
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }))
    expect(
      await screen.findByText("Too many failed sign-ins. Try again in 10 minutes.")
    ).toBeTruthy()
  })

  it("shows a refused sign-in above the form", async () => {
    signedOut()
    fakeApi(() => ({
      status: 401,
      body: { _tag: "Unauthorized", message: "Wrong e-mail or password" }
    }))
    renderAt("/login", { "/login": <LoginPage /> })
    await userEvent.type(screen.getByLabelText(/^E-mail/), "ada@example.com")
    await userEvent.type(screen.getByLabelText(/^Password/), "wrong")
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }))
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/Wrong e-mail/))
  })
})
