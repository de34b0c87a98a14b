import { Schema } from "effect"

/**
 * What a user may do: `viewer` reads their own data; `trader` (the default) also changes it;
 * `manager` also reads every user's portfolios and logs, for support; `admin` also manages
 * users. Each role may do everything the ones before it may.
 */
export const Role = Schema.Literal("viewer", "trader", "manager", "admin").annotations({
  identifier: "Role"
})
export type Role = typeof Role.Type

const RANK: Record<Role, number> = { viewer: 0, trader: 1, manager: 2, admin: 3 }

export const atLeast = (role: Role, least: Role) => RANK[role] >= RANK[least]
