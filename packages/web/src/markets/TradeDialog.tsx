import { Modal } from "@mantine/core"
import type { Transaction } from "@trading-app/domain"
import { notify } from "../lib/notify.js"
import { usePortfolios } from "../stores/portfolios.js"
import { describeActivity } from "../transactions/activities.js"
import { TransactionForm } from "../transactions/TransactionForm.js"

/** The form for a new trade of an instrument (loaded when asked for, not with the page). */
const TradeDialog = ({
  symbol,
  quoteCurrency,
  onClose,
  onSaved
}: {
  readonly symbol: string
  readonly quoteCurrency: string
  readonly onClose: () => void
  readonly onSaved: () => void
}) => {
  const { items: portfolios, selectedId } = usePortfolios()
  const saved = (row: Transaction) => {
    notify({ color: "teal", title: "Transaction recorded", message: describeActivity(row) })
    onSaved()
  }
  return (
    <Modal opened onClose={onClose} title={`Trade ${symbol}`} size="lg">
      <TransactionForm
        defaultPortfolioId={
          selectedId !== null && selectedId !== "all" ? selectedId : (portfolios?.[0]?.id ?? null)
        }
        instrument={{ symbol, quoteCurrency }}
        onSaved={saved}
        onCancel={onClose}
      />
    </Modal>
  )
}

export default TradeDialog
