import { Paper, Text, Title } from "@mantine/core"
import type { PositionDetail, Transaction } from "@trading-app/domain"
import type { ReactNode } from "react"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime, formatMoney, formatQuantity, signColor, toneStyle } from "../lib/format.js"
import { portfolioName, usePortfolios } from "../stores/portfolios.js"
import { ActivityBadge } from "../transactions/ActivityBadge.js"
import { describeActivity } from "../transactions/activities.js"

interface Column<R> {
  readonly header: string
  /** A right-aligned figure. */
  readonly num?: boolean
  readonly cell: (row: R) => ReactNode
  /** A signed amount whose sign colours the cell. */
  readonly sign?: (row: R) => string
}

/** A titled table of rows, or a sentence when there are none. */
const Section = <R,>({
  title,
  label = title,
  empty,
  minWidth,
  columns,
  rows,
  keyOf,
  children
}: {
  readonly title: string
  /** The table's accessible name, when shorter than the title. */
  readonly label?: string
  readonly empty: string
  readonly minWidth: number
  readonly columns: ReadonlyArray<Column<R>>
  readonly rows: ReadonlyArray<R>
  readonly keyOf: (row: R) => string
  readonly children?: ReactNode
}) => (
  <Paper withBorder p="md">
    <Title order={2} size="h4" mb="sm">
      {title}
    </Title>
    {rows.length === 0 ? (
      <Text c="dimmed">{empty}</Text>
    ) : (
      <>
        <DataTable label={label} minWidth={minWidth}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.header} data-num={c.num || undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={keyOf(row)}>
                {columns.map((c) => (
                  <td
                    key={c.header}
                    data-num={c.num || undefined}
                    style={c.sign && toneStyle(signColor(c.sign(row)))}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </DataTable>
        {children}
      </>
    )}
  </Paper>
)

/** A position's open lots, sales, dividends and entries. */
export const PositionTables = ({
  detail,
  entries,
  more
}: {
  readonly detail: PositionDetail
  readonly entries: ReadonlyArray<Transaction>
  /** Whether there are more entries than shown. */
  readonly more: boolean
}) => {
  const portfolios = usePortfolios((s) => s.items)
  const base = detail.baseCurrency
  const money = (amount: string) => formatMoney(amount, base)
  // All portfolios together: each row says which one it is from.
  const portfolio: Array<Column<{ readonly portfolioId: string }>> =
    detail.portfolioId === "all"
      ? [{ header: "Portfolio", cell: (r) => portfolioName(portfolios, r.portfolioId as never) }]
      : []
  return (
    <>
      <Section
        title="Open lots (first in, first out)"
        label="Open lots"
        empty="Nothing held."
        minWidth={520}
        rows={detail.lots}
        keyOf={(l) => `${l.portfolioId}-${l.openedAt}-${l.quantity}`}
        columns={[
          ...portfolio,
          { header: "Opened", cell: (l) => formatDateTime(l.openedAt) },
          { header: "Quantity", num: true, cell: (l) => formatQuantity(l.quantity) },
          { header: "Unit cost", num: true, cell: (l) => money(l.unitCost) },
          { header: "Cost basis", num: true, cell: (l) => money(l.costBasis) }
        ]}
      />
      <Section
        title="Sales"
        empty="No sales yet."
        minWidth={640}
        rows={detail.sales}
        keyOf={(s) => `${s.portfolioId}-${s.time}-${s.quantity}`}
        columns={[
          ...portfolio,
          { header: "Sold", cell: (s) => formatDateTime(s.time) },
          { header: "Quantity", num: true, cell: (s) => formatQuantity(s.quantity) },
          { header: "Proceeds", num: true, cell: (s) => money(s.proceeds) },
          { header: "Cost", num: true, cell: (s) => money(s.cost) },
          {
            header: "Realized",
            num: true,
            cell: (s) => money(s.realizedPnl),
            sign: (s) => s.realizedPnl
          },
          {
            header: "Realized (net)",
            num: true,
            cell: (s) => money(s.realizedPnlNet),
            sign: (s) => s.realizedPnlNet
          }
        ]}
      />
      <Section
        title="Dividends"
        empty="No dividends recorded."
        minWidth={480}
        rows={detail.dividends}
        keyOf={(d) => `${d.portfolioId}-${d.time}-${d.gross}`}
        columns={[
          ...portfolio,
          { header: "Paid", cell: (d) => formatDateTime(d.time) },
          { header: "Gross", num: true, cell: (d) => money(d.gross) },
          { header: "Withheld", num: true, cell: (d) => money(d.withheld) },
          { header: "Net", num: true, cell: (d) => money(d.net) }
        ]}
      />
      <Section
        title="Activities"
        empty="No activities."
        minWidth={480}
        rows={entries}
        keyOf={(t) => t.id}
        columns={[
          { header: "Date", cell: (t) => formatDateTime(t.executedAt) },
          { header: "Type", cell: (t) => <ActivityBadge type={t.type} /> },
          { header: "What", cell: (t) => describeActivity(t) }
        ]}
      >
        {more && (
          <Text size="sm" c="dimmed" mt="xs">
            The first {entries.length} are shown; the Transactions page lists them all.
          </Text>
        )}
      </Section>
    </>
  )
}
