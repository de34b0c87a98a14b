import {
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput
} from "@mantine/core"
import {
  CreateTransaction,
  type InstrumentSymbol,
  type Side,
  type Transaction,
  UpdateTransaction
} from "@trading-app/domain"
import { type ChangeEvent, type FormEvent, useState } from "react"
import { api, call } from "../api/client.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import { fromLocalInput, toLocalInput } from "../lib/format.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { usePortfolios } from "../stores/portfolios.js"

interface Draft {
  portfolioId: string
  symbol: string
  side: Side
  quantity: string
  price: string
  fee: string
  currency: string
  executedAt: string
  note: string
}

const draftOf = (t: Transaction | undefined, portfolioId: string | null): Draft =>
  t
    ? {
        portfolioId: t.portfolioId,
        symbol: t.symbol,
        side: t.side,
        quantity: t.quantity,
        price: t.price,
        fee: t.fee,
        currency: t.currency,
        executedAt: toLocalInput(t.executedAt),
        note: t.note ?? ""
      }
    : {
        portfolioId: portfolioId ?? "",
        symbol: "",
        side: "buy",
        quantity: "",
        price: "",
        fee: "0",
        currency: "",
        executedAt: toLocalInput(new Date().toISOString()),
        note: ""
      }

/** The request body a draft stands for; decoded by the domain Schema, as the server will. */
const inputOf = (d: Draft) => ({
  portfolioId: d.portfolioId,
  symbol: d.symbol.trim(),
  side: d.side,
  quantity: d.quantity.trim(),
  price: d.price.trim(),
  fee: d.fee.trim() === "" ? "0" : d.fee.trim(),
  currency: d.currency.trim().toUpperCase(),
  executedAt: fromLocalInput(d.executedAt),
  note: d.note.trim() === "" ? null : d.note
})

interface TransactionFormProps {
  /** The transaction to change; a new one is recorded without it. */
  readonly transaction?: Transaction
  readonly defaultPortfolioId: string | null
  readonly onSaved: (saved: Transaction) => void
  readonly onCancel: () => void
}

/** Records or changes a transaction; the browser checks with the server's own Schemas first. */
export const TransactionForm = ({
  transaction,
  defaultPortfolioId,
  onSaved,
  onCancel
}: TransactionFormProps) => {
  const portfolios = usePortfolios((s) => s.items) ?? []
  const [draft, setDraft] = useState(() => draftOf(transaction, defaultPortfolioId))
  const { errors, formError, saving, send } = useSchemaForm()
  // One key per opened form: a retried create (a lost answer, a double click) records once.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  /** Value, change handler and error of a text field of the draft. */
  const field = (key: "quantity" | "price" | "fee" | "executedAt" | "note") => ({
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(key, e.currentTarget.value),
    error: errors[key]
  })

  const pickInstrument = async (symbol: string, quoteCurrency: string | undefined) => {
    setDraft((d) => ({ ...d, symbol, ...(quoteCurrency ? { currency: quoteCurrency } : {}) }))
    if (quoteCurrency === undefined || draft.price.trim() !== "") return
    try {
      const prices = await call(
        api.market.prices({ urlParams: { symbols: [symbol as InstrumentSymbol] } })
      )
      const latest = prices.items[0]
      if (latest) setDraft((d) => (d.price.trim() === "" ? { ...d, price: latest.price } : d))
    } catch {
      // The latest price is only a suggestion; the user types one if it cannot be had.
    }
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const input = inputOf(draft)
    return transaction
      ? send(
          UpdateTransaction,
          input,
          (payload) =>
            call(api.transactions.update({ path: { transactionId: transaction.id }, payload })),
          onSaved
        )
      : send(
          CreateTransaction,
          input,
          (payload) =>
            call(
              api.transactions.create({ payload, headers: { "idempotency-key": idempotencyKey } })
            ),
          onSaved
        )
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={transaction ? "Edit transaction" : "New transaction"}
    >
      <Stack>
        <FormError message={formError} />
        <Select
          label="Portfolio"
          required
          data={portfolios.map((p) => ({ value: p.id, label: p.name }))}
          value={draft.portfolioId || null}
          onChange={(id) => set("portfolioId", id ?? "")}
          error={errors.portfolioId}
          allowDeselect={false}
        />
        <InstrumentPicker
          label="Instrument"
          required
          value={draft.symbol}
          onChange={(symbol, instrument) => void pickInstrument(symbol, instrument?.quoteCurrency)}
          error={errors.symbol}
        />
        <SegmentedControl
          aria-label="Side"
          fullWidth
          value={draft.side}
          onChange={(side) => set("side", side as Side)}
          data={[
            { value: "buy", label: "Buy" },
            { value: "sell", label: "Sell" }
          ]}
          color={draft.side === "buy" ? "teal" : "red"}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Quantity" required inputMode="decimal" {...field("quantity")} />
          <TextInput label="Price" required inputMode="decimal" {...field("price")} />
          <TextInput label="Fee" inputMode="decimal" {...field("fee")} />
          <TextInput
            label="Currency"
            required
            maxLength={3}
            value={draft.currency}
            onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())}
            error={errors.currency}
          />
        </SimpleGrid>
        <TextInput label="Date and time" type="datetime-local" required {...field("executedAt")} />
        <Textarea label="Note" autosize minRows={2} maxRows={5} {...field("note")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {transaction ? "Save changes" : "Record transaction"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
