import {
  atLeast,
  type LoginRequest,
  type RegisterRequest,
  type Role,
  SESSION_HINT_COOKIE,
  type User
} from "@trading-app/domain"
import { create } from "zustand"
import { api, call, sessionApi } from "../api/client.js"
import { ApiProblem } from "../api/problem.js"
import { configureSessionRecovery, refreshAccessToken, setAccessToken } from "../api/transport.js"
import { setDisplayTimeZone } from "../lib/format.js"

export type SessionStatus = "restoring" | "signedOut" | "signedIn"

interface SessionState {
  readonly status: SessionStatus
  readonly user: User | null
  /** On start: a reload keeps the session through the refresh cookie. */
  readonly restore: () => Promise<void>
  readonly signIn: (payload: LoginRequest) => Promise<void>
  readonly register: (payload: RegisterRequest) => Promise<void>
  readonly signOut: () => Promise<void>
}

/**
 * Who is signed in. The access token itself is held by the transport, in memory only; the
 * refresh token is an HttpOnly cookie this code never sees.
 */
export const useSession = create<SessionState>()((set) => ({
  status: "restoring",
  user: null,
  restore: async () => {
    // Without the hint cookie no session can be restored: nothing to ask the server.
    if (!document.cookie.split("; ").includes(`${SESSION_HINT_COOKIE}=1`))
      return set({ status: "signedOut", user: null })
    const token = await refreshAccessToken().catch(() => null)
    if (token === null) return set({ status: "signedOut", user: null })
    try {
      const user = await call(api.users.me())
      set({ status: "signedIn", user })
    } catch {
      setAccessToken(null)
      set({ status: "signedOut", user: null })
    }
  },
  signIn: async (payload) => {
    const session = await call(sessionApi.login({ payload }))
    setAccessToken(session.accessToken)
    set({ status: "signedIn", user: session.user })
  },
  register: async (payload) => {
    const session = await call(sessionApi.register({ payload }))
    setAccessToken(session.accessToken)
    set({ status: "signedIn", user: session.user })
  },
  signOut: async () => {
    try {
      await call(sessionApi.logout())
    } finally {
      setAccessToken(null)
      set({ status: "signedOut", user: null })
    }
  }
}))

// Date-times are shown in the user's chosen time zone from the moment the user is known.
useSession.subscribe((s) => setDisplayTimeZone(s.user?.timeZone))

configureSessionRecovery({
  refresh: async () => {
    try {
      return (await call(sessionApi.refresh())).accessToken
    } catch (error) {
      // Only a refused refresh ends the session; a network failure leaves it for the next try.
      if (error instanceof ApiProblem && error.kind === "Unauthorized") return null
      throw error
    }
  },
  onSessionLost: () => useSession.setState({ status: "signedOut", user: null })
})

/**
 * Whether the user may change their data: trader and above (a viewer only reads; the server
 * refuses them too). Offered while the user is not known yet: the server decides.
 */
export const useCanWrite = () =>
  useSession((s) => s.user === null || atLeast(s.user.role, "trader"))

/** Whether the signed-in user has `least` or a higher role (false while unknown). */
export const useHasRole = (least: Role) =>
  useSession((s) => s.user !== null && atLeast(s.user.role, least))
