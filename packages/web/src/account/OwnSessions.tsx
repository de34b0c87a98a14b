import { Alert, Badge, Button, Group, Stack, Title } from "@mantine/core"
import { useState } from "react"
import { api, call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { SessionsTable } from "../components/SessionsTable.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"

/** Where the user is signed in, with a way to sign any other place out. */
export const OwnSessions = ({ revision }: { readonly revision: number }) => {
  const sessions = useApi(() => api.users.sessions(), [revision])
  const [busy, setBusy] = useState<string | null>(null)
  const items = sessions.data?.items ?? []
  const run = async (key: string, request: () => Promise<string>) => {
    setBusy(key)
    try {
      notify({ color: "teal", title: "Signed out", message: await request() })
      sessions.reload()
    } catch (e) {
      notify({ color: "red", title: "Not signed out", message: messageOf(e) })
    } finally {
      setBusy(null)
    }
  }
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Where you are signed in
        </Title>
        <Button
          variant="default"
          disabled={items.filter((s) => !s.current).length === 0}
          loading={busy === "others"}
          onClick={() =>
            void run("others", async () => {
              const { ended } = await call(api.users.endOtherSessions())
              return `${ended} other session${ended === 1 ? "" : "s"} signed out.`
            })
          }
        >
          Sign out everywhere else
        </Button>
      </Group>
      {sessions.error && <Alert color="red">{sessions.error.message}</Alert>}
      <SessionsTable
        label="Your sessions"
        sessions={items}
        busy={sessions.loading}
        action={(s) =>
          s.current ? (
            <Badge variant="light" miw="max-content">
              This device
            </Badge>
          ) : (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              loading={busy === s.id}
              onClick={() =>
                void run(s.id, async () => {
                  await call(api.users.endSession({ path: { sessionId: s.id } }))
                  return "That session was signed out."
                })
              }
            >
              Sign out
            </Button>
          )
        }
      />
    </Stack>
  )
}
