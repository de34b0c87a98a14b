import { screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it } from "vitest"
import ForgotPasswordPage from "../src/auth/ForgotPasswordPage.js"
import ResetPasswordPage from "../src/auth/ResetPasswordPage.js"
import { type FakeRequest, fakeApi } from "./fakeApi.js"
import { renderAt } from "./render.js"

const MAILBOX = "http://127.0.0.1:4321/"

describe("forgetting a password", () => {
  it("asks for a link and, in development, says where the mail is", async () => {
    const requests = fakeApi((r: FakeRequest) => {
      if (r.method === "GET" && r.path === "/api/auth/password-reset")
        return { status: 200, body: { available: true, mailbox: MAILBOX } }
      if (r.method === "POST" && r.path === "/api/auth/password-reset")
        return {
          status: 202,
          body: {
            message: "If an account has this address, a link is on its way.",
            mailbox: MAILBOX
          }
        }
      return undefined
    })
    renderAt("/forgot-password", { "/forgot-password": <ForgotPasswordPage /> })
    const email = await screen.findByLabelText("E-mail")
    await userEvent.click(screen.getByRole("button", { name: "Send the link" }))
    expect(await screen.findByText(/^Email must/)).toBeTruthy()
    await userEvent.type(email, "ada@example.com")
    await userEvent.click(screen.getByRole("button", { name: "Send the link" }))
    expect(
      await screen.findByText("If an account has this address, a link is on its way.")
    ).toBeTruthy()
    expect(screen.getByRole("link", { name: MAILBOX }).getAttribute("href")).toBe(MAILBOX)
    expect(requests.at(-1)!.body).toEqual({ email: "ada@example.com" })
  })

  it("says so when the server cannot send mail", async () => {
    fakeApi((r) =>
      r.path === "/api/auth/password-reset"
        ? { status: 200, body: { available: false, mailbox: null } }
        : undefined
    )
    renderAt("/forgot-password", { "/forgot-password": <ForgotPasswordPage /> })
    expect(await screen.findByText(/This server cannot send mail/)).toBeTruthy()
    expect(screen.queryByLabelText("E-mail")).toBeNull()
  })

  it("sets the new password with the link's token, and explains a spent link", async () => {
    let spent = false
    const requests = fakeApi((r) => {
      if (r.method !== "POST" || r.path !== "/api/auth/password-reset/confirm") return undefined
      if (spent)
        return {
          status: 422,
          body: {
            _tag: "Unprocessable",
            message: "This link is not valid: it was used already.",
            issues: [{ path: ["token"], message: "This link is not valid: it was used already." }]
          }
        }
      spent = true
      return { status: 204 }
    })
    const { unmount } = renderAt("/reset-password#token=abc123", {
      "/reset-password": <ResetPasswordPage />
    })
    await userEvent.type(await screen.findByLabelText("New password"), "a brand new passphrase")
    await userEvent.click(screen.getByRole("button", { name: "Set the new password" }))
    expect(await screen.findByText(/Every session of your account was signed out/)).toBeTruthy()
    expect(requests[0]!.body).toEqual({ token: "abc123", newPassword: "a brand new passphrase" })
    unmount()

    renderAt("/reset-password#token=abc123", { "/reset-password": <ResetPasswordPage /> })
    await userEvent.type(await screen.findByLabelText("New password"), "a brand new passphrase")
    await userEvent.click(screen.getByRole("button", { name: "Set the new password" }))
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/used already/))
  })
})
