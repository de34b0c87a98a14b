import "@mantine/notifications/styles.css"
import { Notifications, notifications } from "@mantine/notifications"
import type { Notice } from "./notify.js"

export const NotificationsHost = () => <Notifications position="top-right" />

export const show = (notice: Notice): void => {
  notifications.show({ ...notice, autoClose: notice.color === "red" ? 8000 : 4000 })
}
