import { NativeSelect } from "@mantine/core"
import type { PortfolioId } from "@trading-app/domain"
import { usePortfolios } from "../stores/portfolios.js"

export const PortfolioSwitcher = () => {
  const { items, selectedId, select } = usePortfolios()
  return (
    <NativeSelect
      label="Portfolio"
      data={(items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.baseCurrency})` }))}
      value={selectedId ?? ""}
      onChange={(e) => select(e.currentTarget.value as PortfolioId)}
      w={{ base: "100%", xs: 260 }}
    />
  )
}
