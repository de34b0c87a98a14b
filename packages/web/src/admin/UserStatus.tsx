import { Badge, Group } from "@mantine/core"
import type { AdminUser, Role } from "@trading-app/domain"
import { ROLE_COLORS } from "./labels.js"

export const RoleBadge = ({ role }: { readonly role: Role }) => (
  <Badge variant="light" color={ROLE_COLORS[role]} miw="max-content">
    {role}
  </Badge>
)

/** Enabled or disabled, and whether failed sign-ins hold the account back. */
export const UserStatus = ({ user }: { readonly user: AdminUser }) => (
  <Group gap={4} wrap="nowrap">
    {user.disabledAt === null ? (
      <Badge variant="dot" color="teal" miw="max-content">
        Enabled
      </Badge>
    ) : (
      <Badge variant="filled" color="red" miw="max-content">
        Disabled
      </Badge>
    )}
    {user.signInLocked && (
      <Badge variant="light" color="orange" miw="max-content">
        Locked
      </Badge>
    )}
  </Group>
)
