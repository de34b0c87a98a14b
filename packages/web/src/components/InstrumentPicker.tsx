import { Combobox, Group, InputBase, Loader, Text, useCombobox } from "@mantine/core"
import type { Instrument } from "@trading-app/domain"
import { useState } from "react"
import { useInstrumentSearch } from "../lib/useInstrumentSearch.js"

interface InstrumentPickerProps {
  readonly label: string
  readonly value: string
  readonly onChange: (symbol: string, instrument: Instrument | undefined) => void
  readonly error?: string | undefined
  readonly required?: boolean
  readonly description?: string
}

/** A symbol input that searches the instruments as the user types (by symbol or name). */
export const InstrumentPicker = ({
  label,
  value,
  onChange,
  error,
  required,
  description
}: InstrumentPickerProps) => {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() })
  const [search, setSearch] = useState(value)
  const open = combobox.dropdownOpened
  const results = useInstrumentSearch(search, 20, open)
  const items = results.data?.items ?? []

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(symbol) => {
        const instrument = items.find((i) => i.symbol === symbol)
        setSearch(symbol)
        onChange(symbol, instrument)
        combobox.closeDropdown()
      }}
    >
      <Combobox.Target>
        <InputBase
          label={label}
          description={description}
          required={required}
          error={error}
          value={search}
          placeholder="Search by symbol or name"
          autoComplete="off"
          rightSection={results.loading && open ? <Loader size="xs" /> : null}
          onChange={(e) => {
            const text = e.currentTarget.value
            setSearch(text)
            onChange(text.trim().toUpperCase(), undefined)
            combobox.openDropdown()
            combobox.updateSelectedOptionIndex()
          }}
          onClick={() => combobox.openDropdown()}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={280} style={{ overflowY: "auto" }}>
          {results.error ? (
            <Combobox.Empty>{results.error.message}</Combobox.Empty>
          ) : items.length === 0 ? (
            <Combobox.Empty>
              {results.loading ? "Searching…" : "No instrument found"}
            </Combobox.Empty>
          ) : (
            items.map((instrument) => (
              <Combobox.Option value={instrument.symbol} key={instrument.symbol}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600}>
                    {instrument.symbol}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {instrument.name} · {instrument.quoteCurrency}
                  </Text>
                </Group>
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}
