import "@mantine/notifications/styles.css"
import { Notifications, notifications } from "@mantine/notifications"
import classes from "./notifications.module.css"
import type { Notice } from "./notify.js"

export const NotificationsHost = () => (
  <Notifications position="top-right" classNames={{ root: classes.root }} />
)

export const show = (notice: Notice): void => {
  notifications.show({
    ...notice,
    autoClose: notice.color === "red" ? 8000 : 4000,
    closeButtonProps: { "aria-label": "Dismiss" },
    classNames: { description: classes.description }
  })
}
