import { Alert, Anchor, Group, Select, Stack, Text, TextInput, Title } from "@mantine/core"
import { useDebouncedValue } from "@mantine/hooks"
import { UserSearchQuery } from "@trading-app/domain"
import { useCallback, useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { staffApi } from "../api/staffClient.js"
import { DataTable } from "../components/DataTable.js"
import { ListFooter } from "../components/ListFooter.js"
import { formatDateTime } from "../lib/format.js"
import { usePagedList } from "../lib/usePagedList.js"
import { validated } from "../lib/validate.js"
import { roleOptions } from "./labels.js"
import { RoleBadge, UserStatus } from "./UserStatus.js"

interface Search {
  readonly q: string
  readonly role: string
  readonly status: string
}

/** Users for managers and administrators: search, then open one to see or change it. */
const UsersPage = () => {
  const [search, setSearch] = useState<Search>({ q: "", role: "", status: "" })
  const [debounced] = useDebouncedValue(search, 250)
  const set = (patch: Partial<Search>) => setSearch((s) => ({ ...s, ...patch }))

  const fetchPage = useCallback(
    async (cursor: string | undefined, signal?: AbortSignal) => {
      const query = await validated(UserSearchQuery, {
        limit: "25",
        ...(debounced.q.trim() ? { q: debounced.q } : {}),
        ...(debounced.role ? { role: debounced.role } : {}),
        ...(debounced.status ? { status: debounced.status } : {}),
        ...(cursor ? { cursor } : {})
      })
      return call(staffApi.admin.users({ urlParams: query }), signal)
    },
    [debounced]
  )
  const { rows, nextCursor, loading, error, loadMore } = usePagedList(fetchPage, [fetchPage])
  const filtered = Object.values(search).some((v) => v !== "")

  return (
    <Stack>
      <Title order={1} size="h2">
        Users
      </Title>
      <Group align="flex-end" gap="sm" wrap="wrap" role="search" aria-label="Find users">
        <TextInput
          label="E-mail or name"
          placeholder="Any part of it"
          value={search.q}
          onChange={(e) => set({ q: e.currentTarget.value })}
          w={260}
        />
        <Select
          label="Role"
          placeholder="Any"
          clearable
          data={roleOptions}
          value={search.role || null}
          onChange={(v) => set({ role: v ?? "" })}
          w={150}
        />
        <Select
          label="Status"
          placeholder="Any"
          clearable
          data={[
            { value: "enabled", label: "Enabled" },
            { value: "disabled", label: "Disabled" }
          ]}
          value={search.status || null}
          onChange={(v) => set({ status: v ?? "" })}
          w={150}
        />
      </Group>
      {error && (
        <Alert color="red" role="alert" title="Could not load users">
          {error}
        </Alert>
      )}
      <DataTable label="Users" minWidth={880} busy={loading}>
        <thead>
          <tr>
            <th>User</th>
            <th>Role</th>
            <th>Status</th>
            <th>Last sign-in</th>
            <th data-num>Sessions</th>
            <th>Joined</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.id}>
              <td>
                <Anchor component={Link} to={`/admin/users/${u.id}`} size="sm" fw={600}>
                  {u.email}
                </Anchor>
                {u.displayName && (
                  <Text size="xs" c="dimmed">
                    {u.displayName}
                  </Text>
                )}
              </td>
              <td>
                <RoleBadge role={u.role} />
              </td>
              <td>
                <UserStatus user={u} />
              </td>
              <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</td>
              <td data-num>{u.activeSessions}</td>
              <td>{formatDateTime(u.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <ListFooter
        loading={loading}
        loadingLabel="Loading users"
        empty={rows.length === 0 && !error}
        emptyText={filtered ? "No user matches this search." : "No users yet."}
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />
    </Stack>
  )
}

export default UsersPage
