import { Button, Group, Stack, Text, TextInput, Title, useComputedColorScheme } from "@mantine/core"
import { type GridPreview, GridPreviewRequest, type InstrumentSymbol } from "@trading-app/domain"
import { lazy, Suspense, useMemo, useState } from "react"
import { api, call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { messageOf } from "../api/problem.js"
import { ChoiceButtons } from "../components/ChoiceButtons.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import { PageLoader } from "../layout/PageLoader.js"
import { useApi } from "../lib/useApi.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { DEFAULT_GRID, type GridDraft, GridFields, gridSettingsOf } from "./GridFields.js"
import { GridLevels } from "./GridLevels.js"

const CandleChart = lazy(() => import("../markets/CandleChart.js"))

type Direction = "long" | "short"

/**
 * Plans a DCA grid before anything is placed: from an entry price (typed, or an instrument's
 * latest), every order the grid would place, and the capital it can use.
 */
const GridsPage = () => {
  const [symbol, setSymbol] = useState("")
  const [chosen, setChosen] = useState<InstrumentSymbol | null>(null)
  const [currency, setCurrency] = useState<string | undefined>(undefined)
  const [price, setPrice] = useState("")
  const [direction, setDirection] = useState<Direction>("long")
  const [grid, setGrid] = useState<GridDraft>(DEFAULT_GRID)
  const [preview, setPreview] = useState<GridPreview | null>(null)
  const dark = useComputedColorScheme("light") === "dark"
  const [priceProblem, setPriceProblem] = useState<string | null>(null)
  const { errors, formError, saving, send } = useSchemaForm()
  const candles = useApi(
    () =>
      api.market.candles({
        path: { symbol: chosen as InstrumentSymbol },
        urlParams: { interval: "1h" }
      }),
    [chosen],
    { enabled: chosen !== null, keepPrevious: false }
  )
  // The orders, and where the take-profit sits once all have filled, across the chart.
  const levels = useMemo(() => {
    const last = preview?.levels.at(-1)
    if (preview === null || last === undefined) return []
    return [
      ...preview.levels.map((l) => ({
        price: Number(l.price),
        title: l.order === 0 ? "Base" : `SO ${l.order}`,
        color: "#868e96"
      })),
      { price: Number(last.takeProfitPrice), title: "Take-profit", color: "#2f9e44" }
    ]
  }, [preview])

  const latestOf = async (chosen: string) => {
    setPriceProblem(null)
    try {
      const answer = await call(
        api.market.prices({ urlParams: { symbols: [chosen as InstrumentSymbol] } })
      )
      const latest = answer.items[0]
      if (latest === undefined) setPriceProblem(`${chosen} has no price yet`)
      else setPrice(latest.price)
    } catch (e) {
      setPriceProblem(messageOf(e))
    }
  }

  const show = () =>
    send(
      GridPreviewRequest,
      {
        price: price.trim(),
        settings: gridSettingsOf(grid, direction)
      },
      (payload) => call(executionApi.grids.preview({ payload })),
      setPreview
    )

  return (
    <Stack>
      <Title order={1} size="h2">
        DCA grids
      </Title>
      <Text size="sm" c="dimmed">
        A grid buys a base order at the entry, then safety orders further and further from it (the
        n-th at d·(sⁿ−1)/(s−1) percent, of SO₁·vⁿ⁻¹), and takes profit on the average entry. Plan
        one here and see every order and the capital it needs before anything is placed.
      </Text>
      <Stack
        component="form"
        aria-label="Grid settings"
        gap="sm"
        onSubmit={(e) => {
          e.preventDefault()
          void show()
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <InstrumentPicker
            label="Instrument (optional)"
            description="Fills in its latest price"
            value={symbol}
            onChange={(chosen, instrument) => {
              setSymbol(chosen)
              setCurrency(instrument?.quoteCurrency)
              setChosen(instrument?.symbol ?? null)
              if (instrument !== undefined) void latestOf(instrument.symbol)
            }}
          />
          <TextInput
            label="Entry price"
            value={price}
            onChange={(e) => setPrice(e.currentTarget.value)}
            error={errors.price ?? priceProblem}
            w={160}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Direction
            </Text>
            <ChoiceButtons
              label="Direction"
              value={direction}
              options={[
                { value: "long", label: "Long" },
                { value: "short", label: "Short" }
              ]}
              onChange={setDirection}
            />
          </Stack>
        </Group>
        <GridFields draft={grid} onChange={setGrid} errors={errors} at="settings" />
        <Group>
          <Button type="submit" loading={saving}>
            Show the orders
          </Button>
        </Group>
      </Stack>
      <FormError message={formError} />
      {preview && chosen !== null && candles.data && candles.data.items.length > 0 && (
        <Suspense fallback={<PageLoader />}>
          <CandleChart series={candles.data} dark={dark} levels={levels} />
        </Suspense>
      )}
      {preview ? (
        <GridLevels preview={preview} currency={currency} />
      ) : (
        <Text c="dimmed">Enter an entry price and the settings, then show the orders.</Text>
      )}
    </Stack>
  )
}

export default GridsPage
