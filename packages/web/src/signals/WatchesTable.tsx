import { Anchor, Button, Checkbox, Group, Text } from "@mantine/core"
import type { Watch } from "@trading-app/domain"
import { useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { messageOf } from "../api/problem.js"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { formatDateTime } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useCanWrite } from "../stores/session.js"

/** The user's watches: running ones with their next check, stopped ones with why. */
export const WatchesTable = ({
  watches,
  busy,
  hooked,
  onChange
}: {
  readonly watches: ReadonlyArray<Watch>
  readonly busy: boolean
  /** Whether a webhook is set, so that a watch may post to it. */
  readonly hooked: boolean
  readonly onChange: () => void
}) => {
  const canWrite = useCanWrite()
  const [problem, setProblem] = useState<string | null>(null)

  const act = async (action: () => Promise<unknown>, done: string, what: string) => {
    setProblem(null)
    try {
      await action()
      notify({ color: "teal", title: done, message: what })
      onChange()
    } catch (e) {
      setProblem(messageOf(e))
    }
  }
  const path = (w: Watch) => ({ path: { watchId: w.id } })

  return (
    <>
      <FormError message={problem} />
      <DataTable label="Watches" minWidth={860} busy={busy}>
        <thead>
          <tr>
            <th>Strategy</th>
            <th>Market</th>
            <th>Since</th>
            <th>Last candle</th>
            <th>Next check</th>
            <th data-num>Signals</th>
            <th>Webhook</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {watches.map((w) => {
            const name = `${w.strategyName} (version ${w.version})`
            return (
              <tr key={w.id}>
                <td>
                  <Anchor component={Link} to={`/strategies/${w.strategyId}`} fw={600} size="sm">
                    {w.strategyName}
                  </Anchor>{" "}
                  <Text span size="xs" c="dimmed">
                    v{w.version}
                  </Text>
                  {w.message && (
                    <Text size="xs" c="dimmed">
                      {w.message}
                    </Text>
                  )}
                </td>
                <td>
                  {w.symbols.join(", ")} · {w.timeframe}
                </td>
                <td>{formatDateTime(w.startedAt)}</td>
                <td>{w.lastBar ? formatDateTime(w.lastBar) : "None closed yet"}</td>
                <td>
                  {w.stoppedAt
                    ? `Stopped ${formatDateTime(w.stoppedAt)}`
                    : w.nextCheckAt && formatDateTime(w.nextCheckAt)}
                </td>
                <td data-num>{w.signals}</td>
                <td>
                  <Checkbox
                    aria-label={`Post the signals of ${name} to the webhook`}
                    checked={w.webhook}
                    disabled={!canWrite || w.stoppedAt !== null || (!hooked && !w.webhook)}
                    onChange={(e) => {
                      const webhook = e.currentTarget.checked
                      void act(
                        () =>
                          call(
                            researchApi.signals.updateWatch({ ...path(w), payload: { webhook } })
                          ),
                        webhook ? "Posting to the webhook" : "No longer posting",
                        name
                      )
                    }}
                  />
                </td>
                <td>
                  {canWrite && (
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {w.stoppedAt === null ? (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          aria-label={`Stop watching ${name}`}
                          onClick={() =>
                            void act(
                              () => call(researchApi.signals.stopWatch(path(w))),
                              "Watch stopped",
                              name
                            )
                          }
                        >
                          Stop
                        </Button>
                      ) : (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          aria-label={`Delete the watch of ${name} and its signals`}
                          onClick={() =>
                            void act(
                              () => call(researchApi.signals.deleteWatch(path(w))),
                              "Watch deleted",
                              name
                            )
                          }
                        >
                          Delete
                        </Button>
                      )}
                    </Group>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </DataTable>
      {!busy && watches.length === 0 && (
        <Text c="dimmed" ta="center">
          Nothing is watched. Open a strategy and choose “Watch live”.
        </Text>
      )}
    </>
  )
}
