import { Alert, Button, Group, Stack, Text, Title } from "@mantine/core"
import { staffApi } from "../api/staffClient.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatTime } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { FreshnessTable, QueuesTable, ReplicasTable } from "./OperationsTables.js"
import { StatusCards } from "./StatusCards.js"

const REFRESH_MS = 10_000

/** The operations dashboard for administrators, refreshed every ten seconds. */
const OperationsPage = () => {
  const dashboard = useApi(() => staffApi.operations.dashboard(), [])
  useInterval(dashboard.reload, REFRESH_MS)
  const data = dashboard.data
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Operations
        </Title>
        <Group gap="sm">
          {data && (
            <Text size="sm" c="dimmed">
              As of {formatTime(data.generatedAt)}
            </Text>
          )}
          <Button variant="default" loading={dashboard.loading} onClick={dashboard.reload}>
            Refresh
          </Button>
        </Group>
      </Group>
      {dashboard.error && (
        <Alert color="red" role="alert" title="Could not load the dashboard">
          {dashboard.error.message}
        </Alert>
      )}
      {data === undefined ? (
        dashboard.loading && <PageLoader />
      ) : (
        <>
          <StatusCards dashboard={data} />
          <Title order={2} size="h4">
            Processes
          </Title>
          {data.replicas.length === 0 ? (
            <Text c="dimmed">No process reported within the last minute.</Text>
          ) : (
            <ReplicasTable replicas={data.replicas} />
          )}
          <Stack gap="xs">
            <Title order={2} size="h4">
              Job queues
            </Title>
            <QueuesTable queues={data.jobs} />
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h4">
              Market data
            </Title>
            {data.marketData.length === 0 ? (
              <Text c="dimmed">No instruments, or the market data did not answer.</Text>
            ) : (
              <FreshnessTable instruments={data.marketData} />
            )}
          </Stack>
        </>
      )}
    </Stack>
  )
}

export default OperationsPage
