import { MantineProvider } from "@mantine/core"
import { BrowserRouter } from "react-router"
import { AppRoutes } from "./AppRoutes.js"
import { NotificationsOutlet } from "./lib/notify.js"
import { readableColors, theme } from "./theme.js"

export const App = () => (
  <MantineProvider theme={theme} cssVariablesResolver={readableColors} defaultColorScheme="auto">
    <NotificationsOutlet />
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  </MantineProvider>
)
