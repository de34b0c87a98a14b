import { Alert, Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import type { AdminUser, UserId } from "@trading-app/domain"
import { useEffect, useState } from "react"
import { Link, useParams } from "react-router"
import { staffApi } from "../api/staffClient.js"
import { SessionsTable } from "../components/SessionsTable.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDateTime } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { AuditTable } from "../logs/AuditTable.js"
import { useHasRole, useSession } from "../stores/session.js"
import { SupportView } from "./SupportView.js"
import { UserActions } from "./UserActions.js"
import { RoleBadge, UserStatus } from "./UserStatus.js"

const Fact = ({ label, value }: { readonly label: string; readonly value: string }) => (
  <div>
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text size="sm" fw={500}>
      {value}
    </Text>
  </div>
)

const Sessions = ({ userId, revision }: { readonly userId: UserId; readonly revision: number }) => {
  const sessions = useApi(() => staffApi.admin.sessions({ path: { userId } }), [userId, revision])
  const items = sessions.data?.items ?? []
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Active sessions
      </Title>
      {sessions.error && <Alert color="red">{sessions.error.message}</Alert>}
      <SessionsTable label="Active sessions" sessions={items} busy={sessions.loading} />
      {!sessions.loading && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No active session.
        </Text>
      )}
    </Stack>
  )
}

const RecentActivity = ({
  userId,
  revision
}: {
  readonly userId: UserId
  readonly revision: number
}) => {
  const audit = useApi(
    () => staffApi.logs.audit({ urlParams: { userId, limit: 10 } }),
    [userId, revision]
  )
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Recent activity
        </Title>
        <Anchor component={Link} to={`/admin/logs?userId=${userId}`} size="sm">
          All of it in the audit log
        </Anchor>
      </Group>
      {audit.error && <Alert color="red">{audit.error.message}</Alert>}
      <AuditTable entries={audit.data?.items ?? []} busy={audit.loading} />
    </Stack>
  )
}

/** One user's account, sessions, activity and (for support) portfolios; administrators act on it. */
const UserPage = () => {
  const { userId } = useParams() as { userId: UserId }
  const isAdmin = useHasRole("admin")
  const self = useSession((s) => s.user?.id) === userId
  const loaded = useApi(() => staffApi.admin.user({ path: { userId } }), [userId])
  const [user, setUser] = useState<AdminUser | undefined>(undefined)
  // Every change shows in the sessions and the activity below.
  const [revision, setRevision] = useState(0)
  useEffect(() => setUser(loaded.data), [loaded.data])

  if (loaded.error)
    return (
      <Alert color="red" role="alert" title="Could not load the user">
        {loaded.error.message}
      </Alert>
    )
  if (user === undefined) return <PageLoader />
  return (
    <Stack>
      <Anchor component={Link} to="/admin/users" size="sm">
        ← Users
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          {user.email}
        </Title>
        <RoleBadge role={user.role} />
        <UserStatus user={user} />
      </Group>
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label="Name" value={user.displayName ?? "—"} />
          <Fact label="Joined" value={formatDateTime(user.createdAt)} />
          <Fact
            label="Last sign-in"
            value={user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}
          />
          <Fact label="Disabled" value={user.disabledAt ? formatDateTime(user.disabledAt) : "No"} />
        </SimpleGrid>
      </Paper>
      {isAdmin && !self && (
        <UserActions
          user={user}
          onChanged={(next) => {
            setUser(next)
            setRevision((r) => r + 1)
          }}
        />
      )}
      {isAdmin && self && (
        <Text size="sm" c="dimmed">
          This is your own account: another administrator changes its role or disables it.
        </Text>
      )}
      <Sessions userId={userId} revision={revision} />
      <SupportView user={user} />
      <RecentActivity userId={userId} revision={revision} />
    </Stack>
  )
}

export default UserPage
