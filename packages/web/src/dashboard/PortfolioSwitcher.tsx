import { Group, NativeSelect } from "@mantine/core"
import { CURRENCY_CODES, type Currency, type PortfolioScope } from "@trading-app/domain"
import { usePortfolios } from "../stores/portfolios.js"

/** Which portfolio the dashboard shows, or all of them together in a currency of choice. */
export const PortfolioSwitcher = () => {
  const { items, selectedId, select, currency, setCurrency } = usePortfolios()
  return (
    <Group gap="xs" align="flex-end" w={{ base: "100%", xs: "auto" }}>
      <NativeSelect
        label="Portfolio"
        data={[
          { value: "all", label: "All portfolios" },
          ...(items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.baseCurrency})` }))
        ]}
        value={selectedId ?? ""}
        onChange={(e) => select(e.currentTarget.value as PortfolioScope)}
        w={{ base: "100%", xs: 260 }}
      />
      {selectedId === "all" && (
        <NativeSelect
          label="Currency"
          data={[
            { value: "", label: `${items?.[0]?.baseCurrency ?? "USD"} (default)` },
            ...CURRENCY_CODES.map((code) => ({ value: code, label: code }))
          ]}
          value={currency ?? ""}
          onChange={(e) => setCurrency((e.currentTarget.value || null) as Currency | null)}
          w={160}
        />
      )}
    </Group>
  )
}
