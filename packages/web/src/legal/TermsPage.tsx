import { LegalPage } from "./LegalPage.js"

const TermsPage = () => (
  <LegalPage
    title="Terms of service"
    sections={[
      {
        heading: "The service",
        body: "trading-app records the portfolios and transactions you enter and values them against market data. It does not execute trades and does not give investment advice."
      },
      {
        heading: "Your account",
        body: "Keep your password to yourself. You are responsible for what is done with your account; tell us at once if you suspect misuse."
      },
      {
        heading: "Market data and the assistant",
        body: "Prices may be delayed or wrong. The AI assistant's answers are generated and may be mistaken; check anything that matters before acting on it."
      },
      {
        heading: "Ending the service",
        body: "You may close your account at any time. We may suspend accounts that abuse the service."
      }
    ]}
  />
)

export default TermsPage
