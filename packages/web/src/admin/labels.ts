import type { AdminUser, Role } from "@trading-app/domain"

export const roleOptions: ReadonlyArray<{ value: Role; label: string }> = [
  { value: "viewer", label: "Viewer" },
  { value: "trader", label: "Trader" },
  { value: "manager", label: "Manager" },
  { value: "admin", label: "Admin" }
]

export const ROLE_COLORS: Record<Role, string> = {
  viewer: "gray",
  trader: "blue",
  manager: "teal",
  admin: "grape"
}

export const userName = (u: Pick<AdminUser, "displayName" | "email">) => u.displayName ?? u.email
