import { Paper, Text, Title } from "@mantine/core"
import type { PositionDetail, Transaction } from "@trading-app/domain"
import type { ReactNode } from "react"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime, formatMoney, formatQuantity, signColor, toneStyle } from "../lib/format.js"
import { portfolioName, usePortfolios } from "../stores/portfolios.js"
import { ActivityBadge } from "../transactions/ActivityBadge.js"
import { describeActivity } from "../transactions/activities.js"

const Section = ({
  title,
  empty,
  count,
  children
}: {
  readonly title: string
  readonly empty: string
  readonly count: number
  readonly children: ReactNode
}) => (
  <Paper withBorder p="md">
    <Title order={2} size="h4" mb="sm">
      {title}
    </Title>
    {count === 0 ? <Text c="dimmed">{empty}</Text> : children}
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
  // All portfolios together: each row says which one it is from.
  const many = detail.portfolioId === "all"
  const portfolioCell = (id: string) =>
    many ? <td>{portfolioName(portfolios, id as never)}</td> : null
  const portfolioHeader = many ? <th>Portfolio</th> : null
  return (
    <>
      <Section
        title="Open lots (first in, first out)"
        empty="Nothing held."
        count={detail.lots.length}
      >
        <DataTable label="Open lots" minWidth={520}>
          <thead>
            <tr>
              {portfolioHeader}
              <th>Opened</th>
              <th data-num>Quantity</th>
              <th data-num>Unit cost</th>
              <th data-num>Cost basis</th>
            </tr>
          </thead>
          <tbody>
            {detail.lots.map((l) => (
              <tr key={`${l.portfolioId}-${l.openedAt}-${l.quantity}`}>
                {portfolioCell(l.portfolioId)}
                <td>{formatDateTime(l.openedAt)}</td>
                <td data-num>{formatQuantity(l.quantity)}</td>
                <td data-num>{formatMoney(l.unitCost, base)}</td>
                <td data-num>{formatMoney(l.costBasis, base)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Section>
      <Section title="Sales" empty="No sales yet." count={detail.sales.length}>
        <DataTable label="Sales" minWidth={640}>
          <thead>
            <tr>
              {portfolioHeader}
              <th>Sold</th>
              <th data-num>Quantity</th>
              <th data-num>Proceeds</th>
              <th data-num>Cost</th>
              <th data-num>Realized</th>
              <th data-num>Realized (net)</th>
            </tr>
          </thead>
          <tbody>
            {detail.sales.map((s) => (
              <tr key={`${s.portfolioId}-${s.time}-${s.quantity}`}>
                {portfolioCell(s.portfolioId)}
                <td>{formatDateTime(s.time)}</td>
                <td data-num>{formatQuantity(s.quantity)}</td>
                <td data-num>{formatMoney(s.proceeds, base)}</td>
                <td data-num>{formatMoney(s.cost, base)}</td>
                <td data-num style={toneStyle(signColor(s.realizedPnl))}>
                  {formatMoney(s.realizedPnl, base)}
                </td>
                <td data-num style={toneStyle(signColor(s.realizedPnlNet))}>
                  {formatMoney(s.realizedPnlNet, base)}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Section>
      <Section title="Dividends" empty="No dividends recorded." count={detail.dividends.length}>
        <DataTable label="Dividends" minWidth={480}>
          <thead>
            <tr>
              {portfolioHeader}
              <th>Paid</th>
              <th data-num>Gross</th>
              <th data-num>Withheld</th>
              <th data-num>Net</th>
            </tr>
          </thead>
          <tbody>
            {detail.dividends.map((d) => (
              <tr key={`${d.portfolioId}-${d.time}-${d.gross}`}>
                {portfolioCell(d.portfolioId)}
                <td>{formatDateTime(d.time)}</td>
                <td data-num>{formatMoney(d.gross, base)}</td>
                <td data-num>{formatMoney(d.withheld, base)}</td>
                <td data-num>{formatMoney(d.net, base)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </Section>
      <Section title="Activities" empty="No activities." count={entries.length}>
        <DataTable label="Activities" minWidth={480}>
          <thead>
            <tr>
              <th>Date</th>
              <th>Type</th>
              <th>What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((t) => (
              <tr key={t.id}>
                <td>{formatDateTime(t.executedAt)}</td>
                <td>
                  <ActivityBadge type={t.type} />
                </td>
                <td>{describeActivity(t)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
        {more && (
          <Text size="sm" c="dimmed" mt="xs">
            The first {entries.length} are shown; the Transactions page lists them all.
          </Text>
        )}
      </Section>
    </>
  )
}
