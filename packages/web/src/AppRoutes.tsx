import { lazy, Suspense, useEffect } from "react"
import { Route, Routes } from "react-router"
import { LoginPage } from "./auth/LoginPage.js"
import { RequireAuth } from "./auth/RequireAuth.js"
import { RequireRole } from "./components/RequireRole.js"
import { NotFoundPage } from "./layout/NotFoundPage.js"
import { PageLoader } from "./layout/PageLoader.js"
import { useSession } from "./stores/session.js"

// Pages with tables, forms and charts load on demand, keeping the first screen small.
const AppLayout = lazy(() => import("./layout/AppLayout.js"))
const RegisterPage = lazy(() => import("./auth/RegisterPage.js"))
const ForgotPasswordPage = lazy(() => import("./auth/ForgotPasswordPage.js"))
const ResetPasswordPage = lazy(() => import("./auth/ResetPasswordPage.js"))
const TermsPage = lazy(() => import("./legal/TermsPage.js"))
const PrivacyPage = lazy(() => import("./legal/PrivacyPage.js"))
const DashboardPage = lazy(() => import("./dashboard/DashboardPage.js"))
const TransactionsPage = lazy(() => import("./transactions/TransactionsPage.js"))
const MarketsPage = lazy(() => import("./markets/MarketsPage.js"))
const PortfoliosPage = lazy(() => import("./portfolios/PortfoliosPage.js"))
const PositionPage = lazy(() => import("./positions/PositionPage.js"))
const AccountPage = lazy(() => import("./account/AccountPage.js"))
const ImportPage = lazy(() => import("./imports/ImportPage.js"))
const StrategiesPage = lazy(() => import("./strategies/StrategiesPage.js"))
const StrategyPage = lazy(() => import("./strategies/StrategyPage.js"))
const DocumentsPage = lazy(() => import("./research/DocumentsPage.js"))
const DocumentPage = lazy(() => import("./research/DocumentPage.js"))
const SearchPage = lazy(() => import("./searches/SearchPage.js"))
const SignalsPage = lazy(() => import("./signals/SignalsPage.js"))
const GridsPage = lazy(() => import("./grids/GridsPage.js"))
const ConnectionsPage = lazy(() => import("./connections/ConnectionsPage.js"))
const BotsPage = lazy(() => import("./bots/BotsPage.js"))
const GroupsPage = lazy(() => import("./groups/GroupsPage.js"))
const GroupPage = lazy(() => import("./groups/GroupPage.js"))
const RiskPage = lazy(() => import("./risk/RiskPage.js"))
const OrdersPage = lazy(() => import("./orders/OrdersPage.js"))
const BacktestPage = lazy(() => import("./backtests/BacktestPage.js"))
const UsersPage = lazy(() => import("./admin/UsersPage.js"))
const UserPage = lazy(() => import("./admin/UserPage.js"))
const LogsPage = lazy(() => import("./logs/LogsPage.js"))
const OperationsPage = lazy(() => import("./operations/OperationsPage.js"))

export const AppRoutes = () => {
  const restore = useSession((s) => s.restore)
  useEffect(() => {
    void restore()
  }, [restore])

  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/terms-of-service" element={<TermsPage />} />
        <Route path="/privacy-policy" element={<PrivacyPage />} />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<DashboardPage />} />
          <Route path="transactions" element={<TransactionsPage />} />
          <Route path="portfolios" element={<PortfoliosPage />} />
          <Route path="markets" element={<MarketsPage />} />
          <Route path="markets/:symbol" element={<MarketsPage />} />
          <Route path="positions/:symbol" element={<PositionPage />} />
          <Route path="strategies" element={<StrategiesPage />} />
          <Route path="strategies/new" element={<StrategyPage />} />
          <Route path="strategies/:strategyId" element={<StrategyPage />} />
          <Route path="backtests/:backtestId" element={<BacktestPage />} />
          <Route path="searches/:searchId" element={<SearchPage />} />
          <Route path="signals" element={<SignalsPage />} />
          <Route path="grids" element={<GridsPage />} />
          <Route path="connections" element={<ConnectionsPage />} />
          <Route path="bots" element={<BotsPage />} />
          <Route path="groups" element={<GroupsPage />} />
          <Route path="groups/:groupId" element={<GroupPage />} />
          <Route path="risk" element={<RiskPage />} />
          <Route path="orders" element={<OrdersPage />} />
          <Route path="research" element={<DocumentsPage />} />
          <Route path="research/:documentId" element={<DocumentPage />} />
          <Route path="import" element={<ImportPage />} />
          <Route path="account" element={<AccountPage />} />
          <Route
            path="admin/users"
            element={
              <RequireRole least="manager">
                <UsersPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/users/:userId"
            element={
              <RequireRole least="manager">
                <UserPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/operations"
            element={
              <RequireRole least="admin">
                <OperationsPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/logs"
            element={
              <RequireRole least="manager">
                <LogsPage />
              </RequireRole>
            }
          />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  )
}
