import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  NumberInput,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title
} from "@mantine/core"
import {
  CreateParameterSearch,
  type ParameterSearch,
  type Strategy,
  StrategyDocument
} from "@trading-app/domain"
import { Schema } from "effect"
import { useMemo, useState } from "react"
import { Link } from "react-router"
import { call } from "../api/client.js"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { DateRangeInputs } from "../components/DateRangeInputs.js"
import { FormError } from "../components/FormError.js"
import { formatDateTime, localDayStart, toneStyle } from "../lib/format.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useCanWrite } from "../stores/session.js"
import { numericPaths } from "./numericPaths.js"

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

export const OBJECTIVES = {
  sharpe: "Sharpe",
  sortino: "Sortino",
  calmar: "Calmar",
  totalReturnPercent: "Return",
  profitFactor: "Profit factor"
} as const

interface Row {
  /** Which row it is, kept while its fields change. */
  readonly key: number
  readonly path: string
  readonly from: number | string
  readonly to: number | string
  readonly step: number | string
}

let rowKeys = 0

const active = (s: ParameterSearch) => s.state === "queued" || s.state === "running"

/** The state of a search, or its progress while it runs. */
export const SearchState = ({ search }: { readonly search: ParameterSearch }) =>
  active(search) ? (
    <Stack gap={2}>
      <Text size="sm">{search.message}</Text>
      <Progress
        value={(100 * search.doneSets) / search.totalSets}
        size="sm"
        aria-label={search.message}
      />
    </Stack>
  ) : (
    <Text size="sm" style={toneStyle(search.state === "failed" ? "red" : undefined)}>
      {search.message}
    </Text>
  )

/** Starts parameter searches over the strategy's numbers and lists its searches. */
export const SearchPanel = ({ strategy }: { readonly strategy: Strategy }) => {
  const canWrite = useCanWrite()
  const numbers = useMemo(
    () => numericPaths(Schema.encodeSync(StrategyDocument)(strategy.document)),
    [strategy.document]
  )
  const first = numbers[0]
  const rowFor = (path: string): Row => {
    const value = numbers.find((n) => n.path === path)?.value ?? 1
    const key = ++rowKeys
    return Number.isInteger(value)
      ? {
          key,
          path,
          from: Math.max(1, Math.round(value / 2)),
          to: value * 2,
          step: Math.max(1, Math.round(value / 4))
        }
      : { key, path, from: value / 2, to: value * 2, step: value / 2 }
  }
  const [rows, setRows] = useState<Array<Row>>(() =>
    first === undefined ? [] : [rowFor(first.path)]
  )
  const [range, setRange] = useState({ from: day(-180), to: day(0) })
  const [method, setMethod] = useState<"grid" | "random">("grid")
  const [samples, setSamples] = useState<number | string>(50)
  const [outOfSample, setOutOfSample] = useState<number | string>(30)
  const [objective, setObjective] = useState<keyof typeof OBJECTIVES>("sharpe")
  const { errors, formError, saving, send } = useSchemaForm()
  const list = useApi(
    () => researchApi.searches.list({ urlParams: { strategyId: strategy.id } }),
    [strategy.id]
  )
  const items = list.data?.items ?? []
  useInterval(() => {
    if (items.some(active)) list.reload()
  }, 1500)

  const setRow = (i: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const start = () =>
    send(
      CreateParameterSearch,
      {
        strategyId: strategy.id,
        from: range.from === "" ? "" : localDayStart(range.from),
        to: range.to === "" ? "" : localDayStart(range.to, 1),
        parameters: rows.map((r) => ({
          path: r.path,
          from: Number(r.from),
          to: Number(r.to),
          step: Number(r.step)
        })),
        method,
        samples: Number(samples),
        outOfSamplePercent: Number(outOfSample),
        objective
      },
      (payload) => call(researchApi.searches.create({ payload })),
      (started) => {
        notify({
          color: "teal",
          title: "Parameter search started",
          message: `${started.totalSets} sets of ${strategy.name}`
        })
        list.reload()
      }
    )

  return (
    <Stack>
      <Title order={2} size="h3">
        Parameter searches
      </Title>
      <Text size="sm" c="dimmed">
        Vary numbers of the strategy over ranges. Each set is backtested on the range before the
        split (in sample) and after it (out of sample): a set that shines only in sample is fitted
        to the past.
      </Text>
      {canWrite && numbers.length > 0 && (
        <Stack
          component="form"
          aria-label="New parameter search"
          gap="sm"
          onSubmit={(e) => {
            e.preventDefault()
            void start()
          }}
        >
          {rows.map((row, i) => (
            <Group key={row.key} align="flex-end" gap="xs">
              <Select
                label={`Parameter ${i + 1}`}
                data={numbers.map((n) => n.path)}
                value={row.path}
                onChange={(path) =>
                  path !== null && setRows((all) => all.map((r, j) => (j === i ? rowFor(path) : r)))
                }
                allowDeselect={false}
                w={240}
                error={errors[`parameters.${i}.path`]}
              />
              <NumberInput
                label="Lowest"
                value={row.from}
                onChange={(v) => setRow(i, { from: v })}
                w={90}
                decimalScale={4}
              />
              <NumberInput
                label="Highest"
                value={row.to}
                onChange={(v) => setRow(i, { to: v })}
                w={90}
                decimalScale={4}
                error={errors[`parameters.${i}.to`]}
              />
              <NumberInput
                label="Step"
                value={row.step}
                onChange={(v) => setRow(i, { step: v })}
                w={90}
                decimalScale={4}
                error={errors[`parameters.${i}.step`]}
              />
              {rows.length > 1 && (
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={`Remove parameter ${i + 1}`}
                  onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              )}
            </Group>
          ))}
          {rows.length < 3 && (
            <Group>
              <Button
                variant="default"
                size="xs"
                onClick={() =>
                  setRows((all) => [
                    ...all,
                    rowFor(
                      numbers.find((n) => !all.some((r) => r.path === n.path))?.path ??
                        numbers[0]?.path ??
                        ""
                    )
                  ])
                }
              >
                Add a parameter
              </Button>
            </Group>
          )}
          <Group align="flex-end">
            <DateRangeInputs from={range.from} to={range.to} onChange={setRange} />
            <NumberInput
              label="Out of sample %"
              value={outOfSample}
              onChange={setOutOfSample}
              min={10}
              max={50}
              w={140}
              error={errors.outOfSamplePercent}
            />
            <Select
              label="Rank by"
              data={Object.entries(OBJECTIVES).map(([value, label]) => ({ value, label }))}
              value={objective}
              onChange={(v) => v !== null && setObjective(v as keyof typeof OBJECTIVES)}
              allowDeselect={false}
              w={150}
            />
          </Group>
          <Group align="flex-end">
            <div>
              <Text size="sm" fw={500} mb={4} id="search-method">
                Sets
              </Text>
              <SegmentedControl
                aria-labelledby="search-method"
                value={method}
                onChange={(v) => setMethod(v as "grid" | "random")}
                data={[
                  { value: "grid", label: "Every set (grid)" },
                  { value: "random", label: "Random sample" }
                ]}
              />
            </div>
            {method === "random" && (
              <NumberInput
                label="Sets drawn"
                value={samples}
                onChange={setSamples}
                min={1}
                max={500}
                w={120}
              />
            )}
            <Button type="submit" loading={saving}>
              Run search
            </Button>
          </Group>
        </Stack>
      )}
      <FormError message={formError ?? errors.parameters ?? errors.from ?? null} />
      <FormError message={list.error?.message ?? null} />
      <DataTable
        label="Parameter searches"
        minWidth={560}
        busy={list.loading && list.data === undefined}
      >
        <thead>
          <tr>
            <th>Started</th>
            <th>Parameters</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>
                <Anchor component={Link} to={`/searches/${s.id}`}>
                  {formatDateTime(s.createdAt)}
                </Anchor>
              </td>
              <td>{s.parameters.map((p) => p.path).join(", ")}</td>
              <td>
                <SearchState search={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      {list.data !== undefined && items.length === 0 && (
        <Text c="dimmed" ta="center">
          No parameter searches yet.
        </Text>
      )}
    </Stack>
  )
}
