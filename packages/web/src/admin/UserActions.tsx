import { Button, Group, Modal, Paper, Select, Stack, Text, Title } from "@mantine/core"
import type { AdminUser, Role } from "@trading-app/domain"
import type { Effect } from "effect"
import { useState } from "react"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { staffApi } from "../api/staffClient.js"
import { notify } from "../lib/notify.js"
import { roleOptions } from "./labels.js"

type Confirming = "disable" | "endSessions" | null

/**
 * What an administrator can do to another account: give a role, disable or enable it, lift the
 * sign-in lock, sign it out everywhere. Each is audited on the server with the administrator.
 */
export const UserActions = ({
  user,
  onChanged
}: {
  readonly user: AdminUser
  readonly onChanged: (user: AdminUser) => void
}) => {
  const [role, setRole] = useState<Role>(user.role)
  const [busy, setBusy] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<Confirming>(null)
  const path = { userId: user.id }

  const run = async <A,>(
    what: string,
    request: Effect.Effect<A, unknown>,
    done: (result: A) => string
  ) => {
    setBusy(what)
    setConfirming(null)
    try {
      const result = await call(request)
      notify({ color: "teal", title: what, message: done(result) })
      return result
    } catch (e) {
      notify({ color: "red", title: `${what}: not done`, message: messageOf(e) })
      return undefined
    } finally {
      setBusy(null)
    }
  }

  const changed = (result: AdminUser | undefined) => {
    if (result !== undefined) onChanged(result)
  }

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          Administration
        </Title>
        <Group align="flex-end" gap="sm">
          <Select
            label="Role"
            data={roleOptions}
            value={role}
            onChange={(v) => v !== null && setRole(v as Role)}
            allowDeselect={false}
            w={160}
          />
          <Button
            variant="default"
            disabled={role === user.role}
            loading={busy === "Role changed"}
            onClick={() =>
              void run(
                "Role changed",
                staffApi.admin.setRole({ path, payload: { role } }),
                (u) => `${u.email} is now ${u.role}; it counts from their next request.`
              ).then(changed)
            }
          >
            Change role
          </Button>
        </Group>
        <Group gap="sm">
          {user.disabledAt === null ? (
            <Button color="red" variant="light" onClick={() => setConfirming("disable")}>
              Disable account
            </Button>
          ) : (
            <Button
              variant="default"
              loading={busy === "Account enabled"}
              onClick={() =>
                void run(
                  "Account enabled",
                  staffApi.admin.enable({ path }),
                  (u) => `${u.email} can sign in again.`
                ).then(changed)
              }
            >
              Enable account
            </Button>
          )}
          <Button
            variant="default"
            disabled={!user.signInLocked}
            title={user.signInLocked ? undefined : "Failed sign-ins do not hold this account back"}
            loading={busy === "Sign-in lock lifted"}
            onClick={() =>
              void run(
                "Sign-in lock lifted",
                staffApi.admin.unlock({ path }),
                (u) => `${u.email} can try to sign in again now.`
              ).then(changed)
            }
          >
            Lift sign-in lock
          </Button>
          <Button
            variant="default"
            disabled={user.activeSessions === 0}
            onClick={() => setConfirming("endSessions")}
          >
            Sign out everywhere
          </Button>
        </Group>
      </Stack>

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming === "disable" ? "Disable account" : "Sign out everywhere"}
      >
        <Stack>
          <Text>
            {confirming === "disable"
              ? `${user.email} will be signed out at once and cannot sign in until the account is enabled again.`
              : `Every session of ${user.email} ends; they can sign in again.`}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              Cancel
            </Button>
            {confirming === "disable" ? (
              <Button
                color="red"
                onClick={() =>
                  void run(
                    "Account disabled",
                    staffApi.admin.disable({ path }),
                    (u) => `${u.email} is shut out.`
                  ).then(changed)
                }
              >
                Disable
              </Button>
            ) : (
              <Button
                color="red"
                onClick={() =>
                  void run(
                    "Signed out everywhere",
                    staffApi.admin.endSessions({ path }),
                    (r) => `${r.ended} session${r.ended === 1 ? "" : "s"} ended.`
                  ).then((r) => r !== undefined && onChanged({ ...user, activeSessions: 0 }))
                }
              >
                Sign out everywhere
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </Paper>
  )
}
