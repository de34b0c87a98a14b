import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import { Link } from "react-router"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { ReadOnlyNote } from "../components/ReadOnlyNote.js"
import { formatDateTime } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useCanWrite } from "../stores/session.js"
import { conditionText } from "./ruleText.js"

/** The user's strategies, and the templates to start a new one from. */
export const StrategiesPage = () => {
  const canWrite = useCanWrite()
  const strategies = useApi(() => researchApi.strategies.list(), [])
  const templates = useApi(() => researchApi.strategies.templates(), [])
  const items = strategies.data?.items

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Strategies
        </Title>
        {canWrite && (
          <Button component={Link} to="/strategies/new">
            New strategy
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        A strategy says when to buy and sell, how much, and where to stop. Backtest it on past
        candles before you trust it.
      </Text>
      <ReadOnlyNote />
      <FormError message={strategies.error?.message ?? null} />
      <DataTable label="Strategies" minWidth={640} busy={strategies.loading && items === undefined}>
        <thead>
          <tr>
            <th>Name</th>
            <th>Enters when</th>
            <th>Instruments</th>
            <th>Version</th>
            <th>Changed</th>
          </tr>
        </thead>
        <tbody>
          {(items ?? []).map((s) => (
            <tr key={s.id}>
              <td style={{ fontWeight: 600 }}>
                <Anchor component={Link} to={`/strategies/${s.id}`}>
                  {s.name}
                </Anchor>
              </td>
              <td>{conditionText(s.document.entry)}</td>
              <td>
                {s.document.symbols.join(", ")} · {s.document.timeframe}
              </td>
              <td>{s.version}</td>
              <td>{formatDateTime(s.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {items?.length === 0 && (
        <Text c="dimmed" ta="center">
          No strategies yet. Start from a template below, or from a blank one with “New strategy”.
        </Text>
      )}

      <Title order={2} size="h3" mt="md">
        Templates
      </Title>
      <FormError message={templates.error?.message ?? null} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {(templates.data?.items ?? []).map((t) => (
          <Card key={t.key} withBorder padding="md">
            <Stack gap="xs" h="100%" justify="space-between">
              <div>
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{t.name}</Text>
                  <Badge variant="light">{t.document.timeframe}</Badge>
                </Group>
                <Text size="sm" mt={4}>
                  {t.description}
                </Text>
              </div>
              {canWrite && (
                <Group justify="flex-end">
                  <Button
                    component={Link}
                    to={`/strategies/new?template=${t.key}`}
                    variant="light"
                    aria-label={`Use this template: ${t.name}`}
                  >
                    Use this template
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  )
}

export default StrategiesPage
