import {
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title
} from "@mantine/core"
import {
  ACTIVITY_TYPES,
  type ActivityType,
  type Currency,
  type ImportField,
  type ImportPreset,
  type ParseSettings,
  PRESETS
} from "@trading-app/domain"
import { useState } from "react"
import { CURRENCY_OPTIONS } from "../components/currencies.js"
import { type ImportChoices, useImport } from "./store.js"

const PRESET_LABELS: Record<ImportPreset, string> = {
  "trading-app": "trading-app (this app's export)",
  ghostfolio: "Ghostfolio",
  wealthfolio: "Wealthfolio",
  coinbase: "Coinbase transaction history",
  binance: "Binance spot trade history",
  custom: "Other (map the columns)"
}

const FIELD_LABELS: Record<ImportField, string> = {
  date: "Date",
  type: "Activity type",
  symbol: "Symbol",
  quantity: "Quantity",
  price: "Price",
  fee: "Fee",
  amount: "Amount",
  withholdingTax: "Withholding tax",
  costBasis: "Cost basis",
  sharesBefore: "Shares before (split)",
  sharesAfter: "Shares after (split)",
  currency: "Currency",
  note: "Note",
  externalId: "External id"
}

const TYPE_OPTIONS = ACTIVITY_TYPES.map((t) => ({ value: t, label: t.replace("_", " ") }))

/** The settings chosen from a list, each option as [value, label]. */
const SELECTS: ReadonlyArray<{
  readonly name: "encoding" | "delimiter" | "quote" | "decimalSeparator" | "dateFormat"
  readonly label: string
  readonly options: ReadonlyArray<readonly [string, string]>
}> = [
  {
    name: "encoding",
    label: "Encoding",
    options: [
      ["utf-8", "UTF-8"],
      ["utf-16le", "UTF-16 LE"],
      ["utf-16be", "UTF-16 BE"],
      ["latin1", "Latin-1 (Windows)"]
    ]
  },
  {
    name: "delimiter",
    label: "Delimiter",
    options: [
      [",", "Comma ,"],
      [";", "Semicolon ;"],
      ["\t", "Tab"],
      ["|", "Bar |"]
    ]
  },
  {
    name: "quote",
    label: "Quote",
    options: [
      ['"', 'Double "'],
      ["'", "Single '"]
    ]
  },
  {
    name: "decimalSeparator",
    label: "Decimal separator",
    options: [
      [".", "Point 1,234.5"],
      [",", "Comma 1.234,5"]
    ]
  },
  {
    name: "dateFormat",
    label: "Dates",
    options: [
      ["ymd", "YYYY-MM-DD"],
      ["dmy", "DD.MM.YYYY"],
      ["mdy", "MM/DD/YYYY"]
    ]
  }
]

/** How the file is read: its format, the detected settings, and (for other files) the mapping. */
export const ReadSettings = ({ choices }: { readonly choices: ImportChoices }) => {
  const change = useImport((s) => s.change)
  const preview = useImport((s) => s.preview)
  const columns = preview?.columns ?? useImport.getState().upload?.columns ?? []
  const [zone, setZone] = useState(choices.settings.timeZone)
  const settings = choices.settings
  const setSettings = (patch: Partial<ParseSettings>) =>
    void change({ settings: { ...settings, ...patch } })
  const mapping = choices.mapping
  const setColumn = (field: ImportField, column: string | null) => {
    const { [field]: _, ...rest } = mapping.columns
    void change({ mapping: { ...mapping, columns: column ? { ...rest, [field]: column } : rest } })
  }
  const columnOptions = columns.map((c) => ({ value: c, label: c }))
  const typeValues = preview?.typeValues ?? []
  const unknown = preview?.unknownSymbols ?? []

  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Title order={2} size="h4">
          How the file is read
        </Title>
        <Select
          label="Format"
          description="Detected from the column names; choose Other to map any file's columns"
          data={PRESETS.map((p) => ({ value: p, label: PRESET_LABELS[p] }))}
          value={choices.preset}
          allowDeselect={false}
          onChange={(v) => v !== null && void change({ preset: v as ImportPreset })}
        />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {SELECTS.map(({ name, label, options }) => (
            <Select
              key={name}
              label={label}
              data={options.map(([value, text]) => ({ value, label: text }))}
              value={String(settings[name])}
              allowDeselect={false}
              onChange={(v) => v !== null && setSettings({ [name]: v } as Partial<ParseSettings>)}
            />
          ))}
          <TextInput
            label="Time zone of times without one"
            value={zone}
            onChange={(e) => setZone(e.currentTarget.value)}
            onBlur={() => zone !== settings.timeZone && setSettings({ timeZone: zone })}
          />
          <NumberInput
            label="Rows to skip at the top"
            min={0}
            max={1000}
            value={settings.skipRows}
            onChange={(v) => typeof v === "number" && setSettings({ skipRows: v })}
          />
          <Switch
            mt="xl"
            label="First row names the columns"
            checked={settings.header}
            onChange={(e) => setSettings({ header: e.currentTarget.checked })}
          />
        </SimpleGrid>

        {choices.preset === "custom" && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              Columns
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              {(Object.keys(FIELD_LABELS) as Array<ImportField>).map((field) => (
                <Select
                  key={field}
                  label={FIELD_LABELS[field]}
                  placeholder="Not in the file"
                  data={columnOptions}
                  value={mapping.columns[field] ?? null}
                  clearable
                  onChange={(v) => setColumn(field, v)}
                />
              ))}
              <Select
                label="Currency of rows without one"
                data={CURRENCY_OPTIONS}
                value={(mapping.defaultCurrency as string | undefined) ?? null}
                searchable
                clearable
                onChange={(v) => {
                  const { defaultCurrency: _, ...rest } = mapping
                  void change({
                    mapping: v ? { ...rest, defaultCurrency: v as Currency } : rest
                  })
                }}
              />
              {mapping.columns.type === undefined && (
                <Select
                  label="Activity of every row"
                  data={TYPE_OPTIONS}
                  value={mapping.defaultType ?? null}
                  clearable
                  onChange={(v) => {
                    const { defaultType: _, ...rest } = mapping
                    void change({
                      mapping: v ? { ...rest, defaultType: v as ActivityType } : rest
                    })
                  }}
                />
              )}
            </SimpleGrid>
          </Stack>
        )}

        {choices.preset === "custom" && typeValues.length > 0 && (
          <Stack gap="xs">
            <Title order={3} size="h5">
              What each type means
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              {typeValues.map((value) => (
                <Select
                  key={value}
                  label={`"${value}"`}
                  placeholder="Its own name"
                  data={TYPE_OPTIONS}
                  value={mapping.types[value] ?? null}
                  clearable
                  onChange={(v) => {
                    const { [value]: _, ...rest } = mapping.types
                    void change({
                      mapping: {
                        ...mapping,
                        types: v ? { ...rest, [value]: v as ActivityType } : rest
                      }
                    })
                  }}
                />
              ))}
            </SimpleGrid>
          </Stack>
        )}

        {(unknown.length > 0 || Object.keys(choices.symbols).length > 0) && (
          <SymbolMapping choices={choices} unknown={unknown} />
        )}
      </Stack>
    </Paper>
  )
}

/** The file's symbols no instrument has, each with the instrument it means. */
const SymbolMapping = ({
  choices,
  unknown
}: {
  readonly choices: ImportChoices
  readonly unknown: ReadonlyArray<string>
}) => {
  const change = useImport((s) => s.change)
  const mapped = Object.keys(choices.symbols)
  const shown = [...new Set([...mapped, ...unknown])]
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Symbols
      </Title>
      <Text size="sm" c="dimmed">
        Symbols of the file that no instrument has: write the instrument each one means (for example
        BTC-USD for BTC).
      </Text>
      <Group gap="sm" align="flex-end">
        {shown.map((symbol) => (
          <TextInput
            key={symbol}
            label={symbol}
            w={160}
            defaultValue={choices.symbols[symbol] ?? ""}
            placeholder="Instrument"
            onBlur={(e) => {
              const value = e.currentTarget.value.trim().toUpperCase()
              if (value === (choices.symbols[symbol] ?? "")) return
              const { [symbol]: _, ...rest } = choices.symbols
              void change({ symbols: value ? { ...rest, [symbol]: value as never } : rest })
            }}
          />
        ))}
      </Group>
    </Stack>
  )
}
