import { Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core"
import type { OperationsDashboard } from "@trading-app/domain"
import type { ReactNode } from "react"
import { formatBytes } from "./figures.js"

const Card = ({
  title,
  status,
  children
}: {
  readonly title: string
  readonly status: { readonly label: string; readonly color: string }
  readonly children: ReactNode
}) => (
  <Paper withBorder p="md">
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{title}</Text>
        <Badge color={status.color} variant="light" miw="max-content">
          {status.label}
        </Badge>
      </Group>
      {children}
    </Stack>
  </Paper>
)

const Line = ({ label, value }: { readonly label: string; readonly value: string }) => (
  <Group justify="space-between" gap="xs" wrap="nowrap">
    <Text size="sm" c="dimmed">
      {label}
    </Text>
    <Text size="sm" fw={500} ta="right">
      {value}
    </Text>
  </Group>
)

/** The database, requests, the Librarian and the event streams at a glance. */
export const StatusCards = ({ dashboard }: { readonly dashboard: OperationsDashboard }) => {
  const { database, requests, librarian, events } = dashboard
  const errorsHigh = requests.errorRatePercent >= 5
  const librarianOk = librarian.reachability === "ok" && librarian.breaker !== "open"
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }}>
      <Card
        title="Database"
        status={
          database.reachable
            ? { label: "Up", color: "teal" }
            : { label: "Unreachable", color: "red" }
        }
      >
        <Line
          label="Answers in"
          value={database.latencyMs === null ? "—" : `${database.latencyMs} ms`}
        />
        <Line label="PostgreSQL" value={database.version ?? "—"} />
        <Line label="Size" value={formatBytes(database.sizeBytes)} />
        <Line
          label="Connections"
          value={
            database.connections === null
              ? "—"
              : `${database.connections} of ${database.maxConnections}`
          }
        />
      </Card>
      <Card
        title="Requests, last minute"
        status={errorsHigh ? { label: "Errors", color: "red" } : { label: "OK", color: "teal" }}
      >
        <Line label="Answered" value={String(requests.perMinute)} />
        <Line label="Server errors (5xx)" value={`${requests.errorRatePercent}%`} />
        <Line label="95% within" value={requests.p95Ms === null ? "—" : `${requests.p95Ms} ms`} />
      </Card>
      <Card
        title="Librarian"
        status={
          librarianOk ? { label: "OK", color: "teal" } : { label: "Degraded", color: "orange" }
        }
      >
        <Line label="Service" value={librarian.service} />
        <Line label="Reachable" value={librarian.reachability} />
        <Line label="Circuit breaker" value={librarian.breaker} />
      </Card>
      <Card
        title="Live events"
        status={
          (events.maxLagSeconds ?? 0) > 1
            ? { label: "Lagging", color: "orange" }
            : { label: "OK", color: "teal" }
        }
      >
        <Line label="Open streams" value={String(events.openStreams)} />
        <Line
          label="Last delivery lag"
          value={events.maxLagSeconds === null ? "—" : `${events.maxLagSeconds.toFixed(2)} s`}
        />
      </Card>
    </SimpleGrid>
  )
}
