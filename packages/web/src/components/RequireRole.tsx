import { Alert } from "@mantine/core"
import type { Role } from "@trading-app/domain"
import type { ReactNode } from "react"
import { useHasRole } from "../stores/session.js"

/** Shows `children` to `least` and above; others learn why not (the server refuses them too). */
export const RequireRole = ({
  least,
  children
}: {
  readonly least: Role
  readonly children: ReactNode
}) =>
  useHasRole(least) ? (
    children
  ) : (
    <Alert color="orange" title="Not for your role">
      This page is for the {least} role and above. Ask an administrator if you need it.
    </Alert>
  )
