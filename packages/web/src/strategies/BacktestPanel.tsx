import { Anchor, Button, Group, Progress, Stack, Text, TextInput, Title } from "@mantine/core"
import { type Backtest, CreateBacktest, type Strategy } from "@trading-app/domain"
import { useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { DateRangeInputs } from "../components/DateRangeInputs.js"
import { FormError } from "../components/FormError.js"
import {
  formatDate,
  formatDateTime,
  formatPercent,
  localDayStart,
  signColor,
  toneStyle
} from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useCanWrite } from "../stores/session.js"

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

const active = (b: Backtest) => b.state === "queued" || b.state === "running"

/** A backtest's state in words, or its headline return once ready. */
export const BacktestOutcome = ({ backtest }: { readonly backtest: Backtest }) => {
  if (active(backtest))
    return (
      <Stack gap={2}>
        <Text size="sm">{backtest.message}</Text>
        <Progress value={backtest.percent} size="sm" aria-label={`${backtest.percent}% done`} />
      </Stack>
    )
  if (backtest.state === "failed")
    return (
      <Text size="sm" style={toneStyle("red")}>
        Failed: {backtest.message}
      </Text>
    )
  const figure = backtest.totalReturnPercent === null ? null : String(backtest.totalReturnPercent)
  return <span style={toneStyle(signColor(figure))}>{formatPercent(figure)}</span>
}

/** Starts backtests of a strategy's latest version and lists its backtests, newest first. */
export const BacktestPanel = ({ strategy }: { readonly strategy: Strategy }) => {
  const canWrite = useCanWrite()
  const [range, setRange] = useState({ from: day(-180), to: day(0) })
  const [capital, setCapital] = useState("10000")
  const { errors, formError, saving, send } = useSchemaForm()
  const list = useApi(
    () => researchApi.backtests.list({ urlParams: { strategyId: strategy.id } }),
    [strategy.id]
  )
  const items = list.data?.items ?? []
  useInterval(() => {
    if (items.some(active)) list.reload()
  }, 1500)

  const start = () =>
    send(
      CreateBacktest,
      {
        strategyId: strategy.id,
        from: range.from === "" ? "" : localDayStart(range.from),
        to: range.to === "" ? "" : localDayStart(range.to, 1),
        initialCapital: capital.trim()
      },
      (payload) => call(researchApi.backtests.create({ payload })),
      (started) => {
        notify({
          color: "teal",
          title: "Backtest started",
          message: `${strategy.name}, version ${started.version}`
        })
        list.reload()
      }
    )

  return (
    <Stack>
      <Title order={2} size="h3">
        Backtests
      </Title>
      {canWrite && (
        <Group
          component="form"
          aria-label="New backtest"
          align="flex-end"
          onSubmit={(e) => {
            e.preventDefault()
            void start()
          }}
        >
          <DateRangeInputs from={range.from} to={range.to} onChange={setRange} />
          <TextInput
            label="Starting capital"
            description={`In ${strategy.document.symbols[0] ?? "the instruments"}'s quote currency`}
            value={capital}
            onChange={(e) => setCapital(e.currentTarget.value)}
            error={errors.initialCapital}
            w={180}
          />
          <Button type="submit" loading={saving}>
            Run backtest
          </Button>
        </Group>
      )}
      <FormError message={formError ?? errors.from ?? errors.to ?? null} />
      <FormError message={list.error?.message ?? null} />
      <DataTable label="Backtests" minWidth={560} busy={list.loading && list.data === undefined}>
        <thead>
          <tr>
            <th>Started</th>
            <th>Range</th>
            <th>Version</th>
            <th>Return</th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr key={b.id}>
              <td>
                <Anchor component={Link} to={`/backtests/${b.id}`}>
                  {formatDateTime(b.createdAt)}
                </Anchor>
              </td>
              <td>
                {formatDate(b.from)} – {formatDate(new Date(Date.parse(b.to) - 1).toISOString())}
              </td>
              <td>{b.version}</td>
              <td>
                <BacktestOutcome backtest={b} />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {list.data !== undefined && items.length === 0 && (
        <Text c="dimmed" ta="center">
          Not backtested yet.
        </Text>
      )}
    </Stack>
  )
}
