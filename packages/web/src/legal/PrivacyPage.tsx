import { LegalPage } from "./LegalPage.js"

const PrivacyPage = () => (
  <LegalPage
    title="Privacy policy"
    sections={[
      {
        heading: "What we keep",
        body: "Your e-mail address, a display name if you give one, a hash of your password (never the password), your portfolios and transactions, your conversations with the assistant, and the date you accepted these terms."
      },
      {
        heading: "Why",
        body: "To run the service for you: to sign you in, to value your holdings, and to answer your questions. We do not sell your data."
      },
      {
        heading: "Cookies",
        body: "One cookie keeps you signed in; it is sent only to this site's sign-in service and cannot be read by scripts. The app remembers layout preferences in your browser's storage."
      },
      {
        heading: "Your rights",
        body: "You may ask for a copy of your data, its correction, or its deletion."
      }
    ]}
  />
)

export default PrivacyPage
