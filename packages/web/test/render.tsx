import { MantineProvider } from "@mantine/core"
import { type RenderResult, render } from "@testing-library/react"
import type { ReactElement } from "react"
import { MemoryRouter, Route, Routes } from "react-router"
import { NotificationsOutlet } from "../src/lib/notify.js"
import { theme } from "../src/theme.js"

/** Renders pages (by route) inside the app's providers at `path`; other routes say so. */
export const renderAt = (
  path: string,
  routes: Readonly<Record<string, ReactElement>>
): RenderResult =>
  render(
    <MantineProvider theme={theme} env="test">
      <NotificationsOutlet />
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          {Object.entries(routes).map(([p, element]) => (
            <Route key={p} path={p} element={element} />
          ))}
          <Route path="*" element={<p>Landed elsewhere</p>} />
        </Routes>
      </MemoryRouter>
    </MantineProvider>
  )
