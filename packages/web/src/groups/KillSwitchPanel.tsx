import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from "@mantine/core"
import type { KillSwitch, KillSwitches } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { FormError } from "../components/FormError.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useCanWrite, useHasRole } from "../stores/session.js"

type Scope = "user" | "global"

const WHOSE: Record<Scope, string> = { user: "Your kill switch", global: "The global kill switch" }

const describe = (s: KillSwitch) =>
  s.engaged
    ? `engaged${s.engagedAt ? ` since ${formatDateTime(s.engagedAt)}` : ""}${s.reason ? `: ${s.reason}` : ""}`
    : "off"

/**
 * Kill switches: the user's own halts their bots' entries (working entry orders cancelled;
 * take-profits and exits go on), optionally closing every open group; administrators also hold
 * the global one.
 */
export const KillSwitchPanel = ({ onChange }: { readonly onChange: () => void }) => {
  const canWrite = useCanWrite()
  const isAdmin = useHasRole("admin")
  const switches = useApi(() => executionApi.risk.killSwitches(), [])
  const [engaging, setEngaging] = useState<Scope | null>(null)
  const [reason, setReason] = useState("")
  const [closeAll, setCloseAll] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const set = async (scope: Scope, engaged: boolean) => {
    setBusy(true)
    setProblem(null)
    try {
      const payload = { engaged, reason: reason.trim(), closeAll }
      const next: KillSwitches = await call(
        scope === "user"
          ? executionApi.risk.setKillSwitch({ payload })
          : executionApi.risk.setGlobalKillSwitch({ payload })
      )
      notify({
        color: engaged ? "orange" : "teal",
        title: engaged ? "Trading halted" : "Trading resumed",
        message: `${WHOSE[scope]} is ${describe(next[scope])}`
      })
      setEngaging(null)
      setReason("")
      setCloseAll(false)
      switches.reload()
      onChange()
    } catch (e) {
      setProblem(messageOf(e))
    } finally {
      setBusy(false)
    }
  }

  const state = switches.data
  const row = (scope: Scope) =>
    state && (
      <Group key={scope} justify="space-between" wrap="wrap">
        <Text size="sm">
          {WHOSE[scope]} is <strong>{describe(state[scope])}</strong>.
        </Text>
        {(scope === "user" ? canWrite : isAdmin) &&
          (state[scope].engaged ? (
            <Button variant="default" loading={busy} onClick={() => void set(scope, false)}>
              {scope === "user" ? "Resume trading" : "Resume every account"}
            </Button>
          ) : (
            <Button color="red" variant="light" onClick={() => setEngaging(scope)}>
              {scope === "user" ? "Halt trading" : "Halt every account"}
            </Button>
          ))}
      </Group>
    )

  return (
    <Stack gap="xs">
      {state?.global.engaged && (
        <Alert color="red" title="Trading is halted for every account">
          {state.global.reason || "An administrator engaged the global kill switch."}
        </Alert>
      )}
      <FormError message={switches.error?.message ?? problem} />
      {row("user")}
      {isAdmin && row("global")}
      <Modal
        opened={engaging !== null}
        onClose={() => setEngaging(null)}
        title={engaging === "global" ? "Halt every account's bots" : "Halt your bots"}
      >
        <Stack>
          <Text size="sm">
            No bot opens or adds to a group until trading resumes, and the working base and safety
            orders are cancelled. Take-profits, stop-losses and exits go on.
          </Text>
          <TextInput
            label="Reason (optional)"
            value={reason}
            maxLength={300}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Checkbox
            label="Also close every open group at market"
            checked={closeAll}
            onChange={(e) => setCloseAll(e.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setEngaging(null)} disabled={busy}>
              Cancel
            </Button>
            <Button color="red" loading={busy} onClick={() => engaging && void set(engaging, true)}>
              Halt trading
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
