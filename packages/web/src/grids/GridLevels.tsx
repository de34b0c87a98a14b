import { Group, Stack, Text } from "@mantine/core"
import type { GridPreview } from "@trading-app/domain"
import { DataTable } from "../components/DataTable.js"
import { formatPrice, formatQuantity } from "../lib/format.js"

/** A grid's orders: where each sits, what it spends, and the average and take-profit after it. */
export const GridLevels = ({
  preview,
  currency
}: {
  readonly preview: GridPreview
  readonly currency: string | undefined
}) => (
  <Stack gap="xs">
    <Group gap="xl">
      <Text>
        Capital it can use: <strong>{formatPrice(preview.capital, currency)}</strong>
      </Text>
      <Text>
        Deepest order: <strong>{preview.maxDeviationPercent}%</strong> from the entry
      </Text>
    </Group>
    <DataTable label="Grid orders" minWidth={820}>
      <thead>
        <tr>
          <th>Order</th>
          <th data-num>Deviation</th>
          <th data-num>Price</th>
          <th data-num>Amount</th>
          <th data-num>Quantity</th>
          <th data-num>Total spent</th>
          <th data-num>Average entry</th>
          <th data-num>Take-profit</th>
        </tr>
      </thead>
      <tbody>
        {preview.levels.map((l) => (
          <tr key={l.order}>
            <td>{l.order === 0 ? "Base order" : `Safety order ${l.order}`}</td>
            <td data-num>{l.deviationPercent}%</td>
            <td data-num>{formatPrice(l.price)}</td>
            <td data-num>{formatPrice(l.amount)}</td>
            <td data-num>{formatQuantity(l.quantity)}</td>
            <td data-num>{formatPrice(l.totalAmount)}</td>
            <td data-num>{formatPrice(l.averagePrice)}</td>
            <td data-num>{formatPrice(l.takeProfitPrice)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  </Stack>
)
