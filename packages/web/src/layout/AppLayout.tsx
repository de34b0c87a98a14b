import {
  ActionIcon,
  Burger,
  Button,
  Group,
  NavLink,
  Text,
  useComputedColorScheme,
  useMantineColorScheme
} from "@mantine/core"
import { useMediaQuery } from "@mantine/hooks"
import { type KeyboardEvent, lazy, Suspense, useEffect, useRef } from "react"
import { Outlet, NavLink as RouterLink, useLocation, useNavigate } from "react-router"
import { LiveStatus } from "../events/LiveStatus.js"
import { useLayout } from "../stores/layout.js"
import { useHasRole, useSession } from "../stores/session.js"
import classes from "./AppLayout.module.css"
import { ChatIcon, MoonIcon, SunIcon } from "./icons.js"
import { PageLoader } from "./PageLoader.js"

const AssistantPanel = lazy(() => import("../assistant/AssistantPanel.js"))

const pages = [
  { to: "/", label: "Dashboard" },
  { to: "/transactions", label: "Transactions" },
  { to: "/portfolios", label: "Portfolios" },
  { to: "/markets", label: "Markets" },
  { to: "/strategies", label: "Strategies" },
  { to: "/research", label: "Research" },
  { to: "/signals", label: "Signals" },
  { to: "/grids", label: "Grids" },
  { to: "/connections", label: "Connections" },
  { to: "/bots", label: "Bots" },
  { to: "/groups", label: "Groups" },
  { to: "/orders", label: "Paper orders" },
  { to: "/risk", label: "Risk" },
  { to: "/import", label: "Import and export" },
  { to: "/account", label: "Account" }
] as const

/** For managers and administrators; the operations dashboard for administrators only. */
const managerPages = [
  { to: "/admin/users", label: "Users" },
  { to: "/admin/logs", label: "Logs" }
] as const

/** A navigation entry, marked while its page (or one below it) is shown. */
const PageLink = ({ to, label }: { readonly to: string; readonly label: string }) => {
  const location = useLocation()
  const { navOpen, toggleNav } = useLayout()
  return (
    <NavLink
      component={RouterLink}
      to={to}
      label={label}
      active={to === "/" ? location.pathname === "/" : location.pathname.startsWith(to)}
      onClick={() => navOpen && toggleNav()}
    />
  )
}

const ColorSchemeToggle = () => {
  const { setColorScheme } = useMantineColorScheme()
  const scheme = useComputedColorScheme("light")
  const next = scheme === "dark" ? "light" : "dark"
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => setColorScheme(next)}
    >
      {scheme === "dark" ? <SunIcon /> : <MoonIcon />}
    </ActionIcon>
  )
}

/** Signs out and shows the sign-in page. */
const useSignOut = () => {
  const signOut = useSession((s) => s.signOut)
  const navigate = useNavigate()
  return () => void signOut().finally(() => navigate("/login"))
}

/** Who is signed in and the way out; on phones the way out is in the navigation instead. */
const UserMenu = () => {
  const user = useSession((s) => s.user)
  const signOut = useSignOut()
  if (user === null) return null
  return (
    <Group gap="xs" wrap="nowrap" visibleFrom="sm">
      <Text size="sm" fw={500} truncate maw={180} title={user.email}>
        {user.displayName ?? user.email}
      </Text>
      <Button variant="default" size="xs" onClick={signOut}>
        Sign out
      </Button>
    </Group>
  )
}

/** Where the assistant is docked beside the page rather than a drawer over it (see the CSS). */
const DOCKED = "(min-width: 105em)"

/**
 * The assistant's focus: as a drawer it takes the focus when opened and Escape closes it; when it
 * closes with the focus inside, the focus goes back to the button that opens it.
 */
const useAssistantFocus = () => {
  const { assistantOpen, setAssistantOpen } = useLayout()
  const docked = useMediaQuery(DOCKED) ?? false
  const toggle = useRef<HTMLButtonElement>(null)
  const aside = useRef<HTMLElement>(null)
  const wasOpen = useRef(assistantOpen)
  useEffect(() => {
    if (assistantOpen === wasOpen.current) return
    wasOpen.current = assistantOpen
    if (assistantOpen && !docked) aside.current?.focus()
    const focus = document.activeElement
    if (!assistantOpen && (focus === document.body || aside.current?.contains(focus)))
      toggle.current?.focus()
  }, [assistantOpen, docked])
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && !docked) setAssistantOpen(false)
  }
  return { toggle, aside, onKeyDown }
}

/**
 * Each page reached inside the app starts with the focus on it, not on the link or button that
 * led there. The first page keeps the browser's own start, where Tab offers "Skip to content".
 */
const useFocusOnNavigation = () => {
  const { pathname } = useLocation()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs for each new page
  useEffect(() => {
    if (first.current) first.current = false
    else main.current?.focus({ preventScroll: true })
  }, [pathname])
  return main
}

/** The signed-in shell: header, navigation, the page, and the AI assistant. */
const AppLayout = () => {
  const { assistantOpen, toggleAssistant, navOpen, toggleNav } = useLayout()
  const assistantFocus = useAssistantFocus()
  const main = useFocusOnNavigation()
  const signOut = useSignOut()
  const isManager = useHasRole("manager")
  const isAdmin = useHasRole("admin")
  // One event stream for as long as the signed-in shell is on screen (its code loads after
  // the first screen's).
  useEffect(() => {
    let stop: (() => void) | undefined
    let left = false
    void import("../events/connection.js").then((stream) => {
      if (left) return
      stream.connect()
      stop = stream.disconnect
    })
    return () => {
      left = true
      stop?.()
    }
  }, [])

  return (
    <div className={classes.shell}>
      <a className={classes.skip} href="#main-content">
        Skip to content
      </a>
      <header className={classes.header}>
        <Group gap="sm" wrap="nowrap">
          <Burger
            opened={navOpen}
            onClick={toggleNav}
            hiddenFrom="sm"
            size="sm"
            aria-label="Navigation"
          />
          <Text fw={700} c="blue" style={{ whiteSpace: "nowrap" }}>
            trading-app
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <LiveStatus />
          <ColorSchemeToggle />
          <ActionIcon
            ref={assistantFocus.toggle}
            variant={assistantOpen ? "filled" : "default"}
            size="lg"
            aria-label="AI assistant"
            title={assistantOpen ? "Close the assistant" : "Open the assistant"}
            aria-expanded={assistantOpen}
            aria-controls="assistant-sidebar"
            onClick={toggleAssistant}
          >
            <ChatIcon />
          </ActionIcon>
          <UserMenu />
        </Group>
      </header>

      <nav className={classes.nav} data-closed={navOpen ? undefined : ""} aria-label="Main">
        {pages.map((page) => (
          <PageLink key={page.to} {...page} />
        ))}
        {isManager && (
          <>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="md" pb={4}>
              Admin
            </Text>
            {managerPages.map((page) => (
              <PageLink key={page.to} {...page} />
            ))}
            {isAdmin && <PageLink to="/admin/operations" label="Operations" />}
          </>
        )}
        <NavLink component="button" label="Sign out" hiddenFrom="sm" mt="md" onClick={signOut} />
      </nav>

      <main className={classes.main} id="main-content" tabIndex={-1} ref={main}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </main>

      <aside
        id="assistant-sidebar"
        ref={assistantFocus.aside}
        className={classes.aside}
        data-closed={assistantOpen ? undefined : ""}
        aria-label="AI assistant"
        tabIndex={-1}
        onKeyDown={assistantFocus.onKeyDown}
      >
        {assistantOpen && (
          <Suspense fallback={<PageLoader />}>
            <AssistantPanel />
          </Suspense>
        )}
      </aside>
    </div>
  )
}

export default AppLayout
