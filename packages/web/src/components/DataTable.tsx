import type { ReactNode } from "react"
import classes from "./DataTable.module.css"

/**
 * A plain, striped table that scrolls sideways on narrow screens. Cells marked `data-num` are
 * right-aligned figures. (Mantine's Table brings a scroll-area and positioning library along,
 * which the dashboard's first screen cannot afford.)
 */
export const DataTable = ({
  label,
  minWidth,
  busy,
  children
}: {
  readonly label: string
  readonly minWidth: number
  readonly busy?: boolean
  readonly children: ReactNode
}) => (
  <div className={classes.scroll}>
    <table className={classes.table} style={{ minWidth }} aria-label={label} aria-busy={busy}>
      {children}
    </table>
  </div>
)
