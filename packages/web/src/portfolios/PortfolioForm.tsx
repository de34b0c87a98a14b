import { Button, Group, Input, SegmentedControl, Select, Stack, TextInput } from "@mantine/core"
import {
  type CostBasisMethod,
  CreatePortfolio,
  type Portfolio,
  UpdatePortfolio
} from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { api, call } from "../api/client.js"
import { CURRENCY_OPTIONS } from "../components/currencies.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useSession } from "../stores/session.js"

interface Draft {
  name: string
  baseCurrency: string
  costBasisMethod: CostBasisMethod
  /** A symbol, or "" for none. */
  benchmark: string
}

const COST_BASIS_METHODS: Array<{ value: CostBasisMethod; label: string }> = [
  { value: "fifo", label: "First in, first out" },
  { value: "average", label: "Average cost" }
]

interface PortfolioFormProps {
  /** The portfolio to change; a new one is created without it. */
  readonly portfolio?: Portfolio
  readonly onSaved: (saved: Portfolio) => void
  readonly onCancel: () => void
}

/** Creates a portfolio or changes its name, base currency, cost-basis method and benchmark. */
export const PortfolioForm = ({ portfolio, onSaved, onCancel }: PortfolioFormProps) => {
  const defaultCurrency = useSession((s) => s.user?.defaultCurrency ?? "USD")
  const [draft, setDraft] = useState<Draft>(() => ({
    name: portfolio?.name ?? "",
    baseCurrency: portfolio?.baseCurrency ?? defaultCurrency,
    costBasisMethod: portfolio?.costBasisMethod ?? "fifo",
    benchmark: portfolio === undefined ? "SPY" : (portfolio.benchmark ?? "")
  }))
  const { errors, formError, saving, send } = useSchemaForm()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input = {
      ...draft,
      benchmark: draft.benchmark.trim() === "" ? null : draft.benchmark.trim()
    }
    return portfolio
      ? send(
          UpdatePortfolio,
          input,
          (payload) =>
            call(api.portfolios.update({ path: { portfolioId: portfolio.id }, payload })),
          onSaved
        )
      : send(CreatePortfolio, input, (payload) => call(api.portfolios.create({ payload })), onSaved)
  }

  return (
    <form onSubmit={submit} noValidate aria-label={portfolio ? "Edit portfolio" : "New portfolio"}>
      <Stack>
        <FormError message={formError} />
        <TextInput
          label="Name"
          required
          maxLength={100}
          value={draft.name}
          onChange={(e) => set("name", e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <Select
          label="Base currency"
          description="Values, profit and loss are shown in this currency"
          required
          searchable
          data={CURRENCY_OPTIONS}
          value={draft.baseCurrency}
          onChange={(code) => set("baseCurrency", code ?? draft.baseCurrency)}
          error={errors.baseCurrency}
          allowDeselect={false}
        />
        <Input.Wrapper
          label="Cost basis method"
          description="How the cost of the units sold is counted; it can be changed at any time"
        >
          <SegmentedControl
            aria-label="Cost basis method"
            fullWidth
            mt={4}
            value={draft.costBasisMethod}
            onChange={(method) => set("costBasisMethod", method as CostBasisMethod)}
            data={COST_BASIS_METHODS}
          />
        </Input.Wrapper>
        <InstrumentPicker
          label="Benchmark"
          description="Performance is compared with this instrument; leave it empty for none"
          value={draft.benchmark}
          onChange={(symbol) => set("benchmark", symbol)}
          error={errors.benchmark}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {portfolio ? "Save changes" : "Create portfolio"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
