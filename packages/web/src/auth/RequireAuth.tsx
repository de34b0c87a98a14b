import type { ReactNode } from "react"
import { Navigate, useLocation } from "react-router"
import { PageLoader } from "../layout/PageLoader.js"
import { useSession } from "../stores/session.js"

/** Shows its content to a signed-in user; others go to the login page and come back after it. */
export const RequireAuth = ({ children }: { readonly children: ReactNode }) => {
  const status = useSession((s) => s.status)
  const location = useLocation()
  if (status === "restoring") return <PageLoader />
  if (status === "signedOut") {
    const from = `${location.pathname}${location.search}`
    return <Navigate to={`/login?next=${encodeURIComponent(from)}`} replace />
  }
  return children
}

/** Where to go after signing in: the page that sent the user to login, if it is one of ours. */
export const nextPath = (search: string): string => {
  const next = new URLSearchParams(search).get("next")
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/"
}
