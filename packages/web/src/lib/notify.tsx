import { lazy, Suspense } from "react"
import { create } from "zustand"

// Notifications are loaded with the first one shown, not with the first screen.
const load = () => import("./notifications.js")

const useMounted = create<{ readonly mounted: boolean }>()(() => ({ mounted: false }))

export interface Notice {
  readonly color: "teal" | "red" | "orange" | "blue"
  readonly title: string
  readonly message: string
}

export const notify = (notice: Notice): void => {
  useMounted.setState({ mounted: true })
  void load().then((m) => m.show(notice))
}

const Notifications = lazy(() => load().then((m) => ({ default: m.NotificationsHost })))

/** Where notifications appear; renders nothing until the first one is shown. */
export const NotificationsOutlet = () =>
  useMounted((s) => s.mounted) ? (
    <Suspense fallback={null}>
      <Notifications />
    </Suspense>
  ) : null
