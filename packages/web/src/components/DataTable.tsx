import { type ReactNode, useEffect, useRef, useState } from "react"
import classes from "./DataTable.module.css"

/** Whether the box is narrower than its content, followed as either changes size. */
const useScrolls = () => {
  const box = useRef<HTMLDivElement>(null)
  const [scrolls, setScrolls] = useState(false)
  useEffect(() => {
    const element = box.current
    if (element === null || typeof ResizeObserver === "undefined") return
    const check = () => setScrolls(element.scrollWidth > element.clientWidth + 1)
    const observer = new ResizeObserver(check)
    observer.observe(element)
    if (element.firstElementChild) observer.observe(element.firstElementChild)
    return () => observer.disconnect()
  }, [])
  return { box, scrolls }
}

/**
 * A plain, striped table that scrolls sideways on narrow screens, where its box takes the
 * keyboard's focus so that the arrow keys scroll it. Cells marked `data-num` are right-aligned
 * figures. (Mantine's Table brings a scroll-area and positioning library along,
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
}) => {
  const { box, scrolls } = useScrolls()
  return (
    <div
      ref={box}
      className={classes.scroll}
      {...(scrolls
        ? { tabIndex: 0, role: "region", "aria-label": `${label} (scrolls sideways)` }
        : {})}
    >
      <table className={classes.table} style={{ minWidth }} aria-label={label} aria-busy={busy}>
        {children}
      </table>
    </div>
  )
}
