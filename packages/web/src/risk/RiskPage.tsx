import { Alert, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import type { RiskOverview } from "@trading-app/domain"
import { executionApi } from "../api/executionClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { useLiveReload } from "../events/useLiveReload.js"
import { KillSwitchPanel } from "../groups/KillSwitchPanel.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useCanWrite } from "../stores/session.js"
import { RiskLimitsForm } from "./RiskLimitsForm.js"
import { SignalQueue } from "./SignalQueue.js"

const Figure = ({ label, value, of }: { label: string; value: string; of?: string | null }) => (
  <Paper withBorder p="sm">
    <Text size="xs" c="dimmed">
      {label}
    </Text>
    <Text fw={700}>
      {value}
      {of != null && (
        <Text span size="sm" c="dimmed">
          {" "}
          of {of}
        </Text>
      )}
    </Text>
  </Paper>
)

/** What the risk limits allow now: the use of each limit, per symbol. */
const Usage = ({ risk }: { readonly risk: RiskOverview }) => (
  <Stack gap="sm">
    <SimpleGrid cols={{ base: 1, xs: 3 }}>
      <Figure
        label="Open groups"
        value={String(risk.openGroups)}
        of={risk.limits.maxOpenGroups === null ? null : String(risk.limits.maxOpenGroups)}
      />
      <Figure label="Total exposure" value={risk.totalExposure} of={risk.limits.maxTotalExposure} />
      <Figure
        label="Realised today (UTC)"
        value={risk.realisedToday}
        of={risk.limits.maxDailyLoss === null ? null : `−${risk.limits.maxDailyLoss}`}
      />
    </SimpleGrid>
    {risk.symbols.length > 0 && (
      <DataTable label="Exposure by symbol" minWidth={360}>
        <thead>
          <tr>
            <th>Symbol</th>
            <th data-num>Open groups</th>
            <th data-num>Exposure</th>
          </tr>
        </thead>
        <tbody>
          {risk.symbols.map((s) => (
            <tr key={s.symbol}>
              <td>{s.symbol}</td>
              <td data-num>{s.groups}</td>
              <td data-num>
                {s.exposure}
                {risk.limits.maxSymbolExposure !== null && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    of {risk.limits.maxSymbolExposure}
                  </Text>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    )}
  </Stack>
)

/** Risk: the limits the engine keeps, how much of them is used, the queue, the kill switch. */
const RiskPage = () => {
  const canWrite = useCanWrite()
  const risk = useApi(() => executionApi.risk.overview(), [])
  useLiveReload(risk.reload, ["transactions", "execution"], 1000)
  useInterval(risk.reload, 10_000)
  const data = risk.data

  return (
    <Stack>
      <Title order={1} size="h2">
        Risk
      </Title>
      <Text size="sm" c="dimmed">
        Before a bot opens or adds to a group, the entry is checked against your limits. One past
        the open groups or the exposure waits in the queue, and goes ahead when capacity frees (a
        group ends, or you raise a limit); past the daily loss, entries are refused until 00:00 UTC.
      </Text>
      <FormError message={risk.error?.message ?? null} />
      {data?.entriesHalted && (
        <Alert color="orange" title="New entries are refused">
          {data.entriesHalted}
        </Alert>
      )}
      <KillSwitchPanel onChange={risk.reload} />
      {data === undefined ? (
        risk.loading && <Text c="dimmed">Loading…</Text>
      ) : (
        <>
          <Usage risk={data} />
          <Group justify="space-between" align="baseline">
            <Title order={2} size="h3">
              Signal queue
            </Title>
            <Text size="xs" c="dimmed">
              Priority: 100 × the bot's priority − the minutes waited; the highest goes first
            </Text>
          </Group>
          <SignalQueue queue={data.queue} canWrite={canWrite} onChange={risk.reload} />
          <Title order={2} size="h3">
            Limits
          </Title>
          <RiskLimitsForm
            key={JSON.stringify(data.limits)}
            limits={data.limits}
            canWrite={canWrite}
            onSaved={risk.reload}
          />
        </>
      )}
    </Stack>
  )
}

export default RiskPage
