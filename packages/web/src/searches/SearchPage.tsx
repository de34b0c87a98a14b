import { Anchor, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from "@mantine/core"
import type { ParameterSearchId, SampleFigures, SearchResult } from "@trading-app/domain"
import { useState } from "react"
import { Link, useParams } from "react-router"
import { researchApi } from "../api/researchClient.js"
import { DataTable } from "../components/DataTable.js"
import { FormError } from "../components/FormError.js"
import { PageLoader } from "../layout/PageLoader.js"
import { formatDate, formatPercent, signColor, toneStyle } from "../lib/format.js"
import { useApi } from "../lib/useApi.js"
import { useInterval } from "../lib/useInterval.js"
import { OBJECTIVES, SearchState } from "../strategies/SearchPanel.js"
import { Heatmap } from "./Heatmap.js"

const shown = (v: number | null | undefined, percent: boolean) =>
  v == null ? "—" : percent ? formatPercent(v.toFixed(6)) : v.toFixed(2)

const median = (xs: ReadonlyArray<number>) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length === 0
    ? null
    : sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** A parameter search: its progress, then every set's figures in and out of sample. */
export const SearchPage = () => {
  const searchId = useParams().searchId as ParameterSearchId
  const loaded = useApi(() => researchApi.searches.get({ path: { searchId } }), [searchId])
  const [sample, setSample] = useState<"inSample" | "outOfSample">("inSample")
  const search = loaded.data
  useInterval(() => {
    if (search?.state === "queued" || search?.state === "running") loaded.reload()
  }, 1000)
  if (search === undefined)
    return loaded.error ? <FormError message={loaded.error.message} /> : <PageLoader />

  const objective = search.objective
  const percent = objective === "totalReturnPercent"
  const of = (figures: SampleFigures | null) => figures?.[objective] ?? null
  const gap = (r: SearchResult) => {
    const a = of(r.inSample)
    const b = of(r.outOfSample)
    return a === null || b === null ? null : b - a
  }
  const tested = search.results.filter((r) => r.error === null)
  const best = tested[0]
  const gaps = tested.map(gap).filter((g): g is number => g !== null)
  const names = search.parameters.map((p) => p.path)
  const label = OBJECTIVES[objective]

  return (
    <Stack>
      <Title order={1} size="h2">
        Parameter search of {search.strategyName}
      </Title>
      <Text size="sm">
        <Anchor component={Link} to={`/strategies/${search.strategyId}`}>
          {search.strategyName}
        </Anchor>{" "}
        version {search.version}: in sample {formatDate(search.from)} – {formatDate(search.split)},
        out of sample to {formatDate(search.to)}. {search.totalSets} sets (
        {search.method === "grid" ? "every set of the grid" : "drawn at random"}), ranked by {label}{" "}
        in sample.
      </Text>
      <SearchState search={search} />
      {best !== undefined && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <Paper withBorder p="xs">
            <Text size="xs" c="dimmed">
              Best in sample ({names.map((n, i) => `${n} ${best.values[i]}`).join(", ")})
            </Text>
            <Text fw={600}>{shown(of(best.inSample), percent)}</Text>
          </Paper>
          <Paper withBorder p="xs">
            <Text size="xs" c="dimmed">
              The same set out of sample
            </Text>
            <Text fw={600}>{shown(of(best.outOfSample), percent)}</Text>
          </Paper>
          <Paper withBorder p="xs">
            <Text size="xs" c="dimmed">
              Median gap, out of sample minus in sample
            </Text>
            <Text fw={600} style={toneStyle(signColor(median(gaps)?.toFixed(6)))}>
              {shown(median(gaps), percent)}
            </Text>
          </Paper>
        </SimpleGrid>
      )}
      {names.length === 2 && tested.length > 0 && (
        <Paper withBorder p="sm">
          <SegmentedControl
            size="xs"
            mb="xs"
            value={sample}
            onChange={(v) => setSample(v as typeof sample)}
            data={[
              { value: "inSample", label: "In sample" },
              { value: "outOfSample", label: "Out of sample" }
            ]}
            aria-label="Sample shown"
          />
          <Heatmap
            results={search.results}
            names={[names[0] as string, names[1] as string]}
            figure={(r) => of(r[sample])}
            label={`${label} ${sample === "inSample" ? "in sample" : "out of sample"}`}
          />
        </Paper>
      )}
      <DataTable
        label="Results"
        minWidth={720}
        busy={loaded.loading && search.results.length === 0}
      >
        <thead>
          <tr>
            {names.map((n) => (
              <th key={n} data-num>
                {n}
              </th>
            ))}
            <th data-num>{label} in</th>
            <th data-num>{label} out</th>
            <th data-num>Gap</th>
            <th data-num>Return in</th>
            <th data-num>Return out</th>
            <th data-num>Trades in / out</th>
          </tr>
        </thead>
        <tbody>
          {search.results.map((r) => (
            <tr key={r.values.join("|")}>
              {r.values.map((v, i) => (
                <td key={names[i]} data-num>
                  {v}
                </td>
              ))}
              {r.error !== null ? (
                <td colSpan={6}>{r.error}</td>
              ) : (
                <>
                  <td data-num>{shown(of(r.inSample), percent)}</td>
                  <td data-num>{shown(of(r.outOfSample), percent)}</td>
                  <td data-num style={toneStyle(signColor(gap(r)?.toFixed(6)))}>
                    {shown(gap(r), percent)}
                  </td>
                  <td data-num>{shown(r.inSample?.totalReturnPercent, true)}</td>
                  <td data-num>{shown(r.outOfSample?.totalReturnPercent, true)}</td>
                  <td data-num>
                    {r.inSample?.trades ?? "—"} / {r.outOfSample?.trades ?? "—"}
                  </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Stack>
  )
}

export default SearchPage
