import {
  Button,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput
} from "@mantine/core"
import { type Connection, type ManualOrder, PlaceManualOrder } from "@trading-app/domain"
import { type FormEvent, useEffect, useState } from "react"
import { call } from "../api/client.js"
import { executionApi } from "../api/executionClient.js"
import { FormError } from "../components/FormError.js"
import { InstrumentPicker } from "../components/InstrumentPicker.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { usePortfolios } from "../stores/portfolios.js"

interface Draft {
  connectionId: string | null
  portfolioId: string | null
  symbol: string
  side: "buy" | "sell"
  type: "market" | "limit"
  quantity: string
  price: string
}

/** A labelled choice of two or three. */
const Choice = ({
  id,
  label,
  ...control
}: {
  readonly id: string
  readonly label: string
  readonly data: Array<{ value: string; label: string }>
  readonly value: string
  readonly onChange: (value: string) => void
}) => (
  <Stack gap={4}>
    <Text size="sm" fw={500} id={id}>
      {label}
    </Text>
    <SegmentedControl aria-labelledby={id} {...control} />
  </Stack>
)

/** The order ticket: an order by hand on a paper connection, its fills into a portfolio. */
export const OrderTicket = ({
  connections,
  onPlaced
}: {
  /** The user's paper connections. */
  readonly connections: ReadonlyArray<Connection>
  readonly onPlaced: (order: ManualOrder) => void
}) => {
  const portfolios = usePortfolios((s) => s.items) ?? []
  const loadPortfolios = usePortfolios((s) => s.load)
  useEffect(() => void loadPortfolios().catch(() => {}), [loadPortfolios])
  const [draft, setDraft] = useState<Draft>({
    connectionId: connections[0]?.id ?? null,
    portfolioId: portfolios[0]?.id ?? null,
    symbol: "",
    side: "buy",
    type: "market",
    quantity: "",
    price: ""
  })
  const { errors, formError, saving, send } = useSchemaForm()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }))

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void send(
      PlaceManualOrder,
      {
        connectionId: draft.connectionId,
        portfolioId: draft.portfolioId ?? portfolios[0]?.id,
        symbol: draft.symbol,
        side: draft.side,
        type: draft.type,
        quantity: draft.quantity.trim(),
        price: draft.type === "limit" ? draft.price.trim() : null
      },
      (payload) => call(executionApi.orders.place({ payload })),
      (order) => {
        notify({
          color: "teal",
          title: `${order.side === "buy" ? "Buy" : "Sell"} order placed`,
          message: `${order.quantity} ${order.symbol}${order.price ? ` at ${order.price}` : " at the market"}`
        })
        setDraft((d) => ({ ...d, quantity: "", price: "" }))
        onPlaced(order)
      }
    )
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Order ticket">
      <Stack>
        <FormError message={formError} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label="Connection"
            required
            data={connections.map((c) => ({ value: c.id, label: c.name }))}
            value={draft.connectionId}
            onChange={(v) => set("connectionId", v)}
            error={errors.connectionId}
          />
          <Select
            label="Portfolio"
            description="Where the fills are recorded"
            required
            data={portfolios.map((p) => ({ value: p.id, label: p.name }))}
            value={draft.portfolioId ?? portfolios[0]?.id ?? null}
            onChange={(v) => set("portfolioId", v)}
            error={errors.portfolioId}
          />
          <InstrumentPicker
            label="Instrument"
            required
            value={draft.symbol}
            onChange={(symbol) => set("symbol", symbol)}
            error={errors.symbol}
          />
        </SimpleGrid>
        <Group align="flex-end" wrap="wrap">
          <Choice
            id="ticket-side"
            label="Side"
            data={[
              { value: "buy", label: "Buy" },
              { value: "sell", label: "Sell" }
            ]}
            value={draft.side}
            onChange={(v) => set("side", v as Draft["side"])}
          />
          <Choice
            id="ticket-type"
            label="Type"
            data={[
              { value: "market", label: "Market" },
              { value: "limit", label: "Limit" }
            ]}
            value={draft.type}
            onChange={(v) => set("type", v as Draft["type"])}
          />
          <TextInput
            label="Quantity"
            required
            inputMode="decimal"
            value={draft.quantity}
            onChange={(e) => set("quantity", e.currentTarget.value)}
            error={errors.quantity}
            w={160}
          />
          {draft.type === "limit" && (
            <TextInput
              label="Limit price"
              required
              inputMode="decimal"
              value={draft.price}
              onChange={(e) => set("price", e.currentTarget.value)}
              error={errors.price}
              w={160}
            />
          )}
          <Button type="submit" loading={saving} color={draft.side === "buy" ? "teal" : "red"}>
            {draft.side === "buy" ? "Place buy order" : "Place sell order"}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
