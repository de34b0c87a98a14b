import { Alert, Stack, Text, Title } from "@mantine/core"
import { useCallback } from "react"
import { api, call } from "../api/client.js"
import { ListFooter } from "../components/ListFooter.js"
import { usePagedList } from "../lib/usePagedList.js"
import { AuditTable } from "../logs/AuditTable.js"
import { useSession } from "../stores/session.js"

/** The signed-in user's own security events: sign-ins, failures, and what administrators did. */
export const SecurityEvents = () => {
  const userId = useSession((s) => s.user?.id)
  const fetchPage = useCallback(
    (cursor: string | undefined, signal?: AbortSignal) =>
      call(
        api.users.securityEvents({ urlParams: { limit: 25, ...(cursor ? { cursor } : {}) } }),
        signal
      ),
    []
  )
  const { rows, nextCursor, loading, error, loadMore } = usePagedList(fetchPage, [fetchPage])
  return (
    <Stack>
      <Title order={2} size="h3">
        Security events
      </Title>
      <Text size="sm" c="dimmed">
        Sign-ins to your account and their failures, sign-outs, and changes an administrator made.
        If you see a sign-in you do not recognise, change your password and tell an administrator.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="Could not load your security events">
          {error}
        </Alert>
      )}
      <AuditTable entries={rows} busy={loading} {...(userId ? { self: userId } : {})} />
      <ListFooter
        loading={loading}
        loadingLabel="Loading security events"
        empty={rows.length === 0 && !error}
        emptyText="No security events yet."
        more={nextCursor !== null}
        onMore={() => void loadMore()}
      />
    </Stack>
  )
}
