import { Alert, Anchor, Button, Loader, Stack, Text, TextInput } from "@mantine/core"
import { type PasswordResetAccepted, PasswordResetRequest } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { Link } from "react-router"
import { call, sessionApi } from "../api/client.js"
import { FormError } from "../components/FormError.js"
import { useApi } from "../lib/useApi.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { AuthCard } from "./AuthCard.js"

const BackToSignIn = () => (
  <Text size="sm" ta="center">
    <Anchor component={Link} to="/login">
      Back to sign in
    </Anchor>
  </Text>
)

/** "Forgot password": asks for a reset link by e-mail (or says where mail goes in development). */
const ForgotPasswordPage = () => {
  const status = useApi(() => sessionApi.passwordResetStatus(), [])
  const [email, setEmail] = useState("")
  const [sent, setSent] = useState<PasswordResetAccepted | null>(null)
  const { errors, formError, saving, send } = useSchemaForm()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    return send(
      PasswordResetRequest,
      { email },
      (payload) => call(sessionApi.requestPasswordReset({ payload })),
      setSent
    )
  }

  return (
    <AuthCard title="Forgot your password?">
      {status.loading ? (
        <Loader size="sm" aria-label="Loading" />
      ) : status.data?.available === false ? (
        <Stack>
          <Alert color="yellow" title="Not available here">
            This server cannot send mail, so a forgotten password cannot be reset by e-mail. Ask the
            people who run it for help.
          </Alert>
          <BackToSignIn />
        </Stack>
      ) : sent !== null ? (
        <Stack>
          <Alert color="teal" title="Check your inbox" role="status">
            {sent.message}
          </Alert>
          {sent.mailbox && (
            <Text size="sm">
              This server runs in development: its mail is not sent but collected at{" "}
              <Anchor href={sent.mailbox} target="_blank" rel="noreferrer">
                {sent.mailbox}
              </Anchor>
              . Open the link of the newest mail there.
            </Text>
          )}
          <BackToSignIn />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Reset password">
          <Stack>
            <Text size="sm" c="dimmed">
              Give the address you signed up with: we send it a link to choose a new password.
            </Text>
            <FormError message={formError ?? status.error?.message ?? null} />
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
            />
            <Button type="submit" loading={saving} fullWidth>
              Send the link
            </Button>
            <BackToSignIn />
          </Stack>
        </form>
      )}
    </AuthCard>
  )
}

export default ForgotPasswordPage
