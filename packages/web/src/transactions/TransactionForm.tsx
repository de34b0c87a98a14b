import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core"
import {
  activityFields,
  CreateTransaction,
  type InstrumentSymbol,
  isOptionalField,
  type Transaction,
  UpdateTransaction
} from "@trading-app/domain"
import { type ChangeEvent, type FormEvent, useEffect, useState } from "react"
import { api, call } from "../api/client.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { usePortfolios } from "../stores/portfolios.js"
import { activityOptions, isActivityType } from "./activities.js"
import { type Draft, draftOf, type EntryField, inputOf } from "./activityDraft.js"

/** The label of each decimal field; a dividend's amount is its gross amount. */
const LABELS: Record<Exclude<EntryField, "symbol" | "currency">, string> = {
  quantity: "Quantity",
  price: "Price",
  fee: "Fee",
  amount: "Amount",
  withholdingTax: "Tax withheld",
  costBasis: "Cost basis (all units)",
  sharesBefore: "Shares before",
  sharesAfter: "Shares after"
}

interface TransactionFormProps {
  /** The transaction to change; a new one is recorded without it. */
  readonly transaction?: Transaction
  readonly defaultPortfolioId: string | null
  /** A new trade's instrument, chosen already (from the market page); its price is suggested. */
  readonly instrument?: { readonly symbol: string; readonly quoteCurrency: string }
  readonly onSaved: (saved: Transaction) => void
  readonly onCancel: () => void
}

/** Records or changes a transaction; the browser checks with the server's own Schemas first. */
export const TransactionForm = ({
  transaction,
  defaultPortfolioId,
  instrument,
  onSaved,
  onCancel
}: TransactionFormProps) => {
  const portfolios = usePortfolios((s) => s.items) ?? []
  const [draft, setDraft] = useState(() => ({
    ...draftOf(transaction, defaultPortfolioId),
    ...(instrument && !transaction
      ? { symbol: instrument.symbol, currency: instrument.quoteCurrency }
      : {})
  }))
  const { errors, formError, saving, send } = useSchemaForm()
  // One key per opened form: a retried create (a lost answer, a double click) records once.
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))
  /** Value, change handler and error of a text field of the draft. */
  const field = (key: Exclude<keyof Draft, "type" | "portfolioId">) => ({
    value: draft[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      set(key, e.currentTarget.value),
    error: errors[key]
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the instrument given
  useEffect(() => {
    if (instrument && !transaction) void pickInstrument(instrument.symbol, instrument.quoteCurrency)
  }, [])
  const fields = activityFields(draft.type)
  const required = (f: string) => !isOptionalField(draft.type, f)

  const pickInstrument = async (symbol: string, quoteCurrency: string | undefined) => {
    setDraft((d) => ({ ...d, symbol, ...(quoteCurrency ? { currency: quoteCurrency } : {}) }))
    if (quoteCurrency === undefined || !fields.includes("price") || draft.price.trim() !== "")
      return
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
              api.transactions.create({
                // One request shape per type: the union is sent as it is.
                payload: payload as Extract<CreateTransaction, { type: "buy" }>,
                headers: { "idempotency-key": idempotencyKey }
              })
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
        <Select
          label="Type"
          required
          data={activityOptions}
          value={draft.type}
          onChange={(type) => type !== null && isActivityType(type) && set("type", type)}
          error={errors.type}
          allowDeselect={false}
          // The dialog starts here, or at the quantity when the instrument is chosen already.
          data-autofocus={instrument === undefined || undefined}
        />
        {fields.includes("symbol") && (
          <InstrumentPicker
            label="Instrument"
            required={required("symbol")}
            value={draft.symbol}
            onChange={(symbol, instrument) =>
              void pickInstrument(symbol, instrument?.quoteCurrency)
            }
            error={errors.symbol}
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          {fields.map((f) =>
            f === "symbol" ? null : f === "currency" ? (
              <TextInput
                key={f}
                label="Currency"
                required
                maxLength={3}
                value={draft.currency}
                onChange={(e) => set("currency", e.currentTarget.value.toUpperCase())}
                error={errors.currency}
              />
            ) : (
              <TextInput
                key={f}
                label={
                  f === "amount" && (draft.type === "dividend" || draft.type === "interest")
                    ? "Gross amount"
                    : LABELS[f as keyof typeof LABELS]
                }
                required={required(f)}
                inputMode="decimal"
                data-autofocus={(instrument !== undefined && f === "quantity") || undefined}
                {...field(f as EntryField)}
              />
            )
          )}
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
