import { Alert, Anchor, Button, PasswordInput, Stack, Text } from "@mantine/core"
import { ConfirmPasswordReset } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { Link, useLocation } from "react-router"
import { call, sessionApi } from "../api/client.js"
import { FormError } from "../components/FormError.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { AuthCard } from "./AuthCard.js"

/**
 * Sets a new password with the token of a reset mail's link. The token travels in the URL's
 * fragment (#token=…), which browsers never send to a server or put in a Referer.
 */
const ResetPasswordPage = () => {
  const token = new URLSearchParams(useLocation().hash.slice(1)).get("token") ?? ""
  const [newPassword, setNewPassword] = useState("")
  const [done, setDone] = useState(false)
  const { errors, formError, saving, send } = useSchemaForm()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    return send(
      ConfirmPasswordReset,
      { token, newPassword },
      (payload) => call(sessionApi.confirmPasswordReset({ payload })),
      () => setDone(true)
    )
  }

  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <Stack>
          <Alert color="teal" title="Password changed" role="status">
            Every session of your account was signed out. Sign in with the new password.
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            Sign in
          </Button>
        </Stack>
      ) : token === "" ? (
        <Stack>
          <Alert color="yellow" title="This page needs the link from the mail">
            Open the link of the password reset mail, or ask for a new one.
          </Alert>
          <Button component={Link} to="/forgot-password" variant="default" fullWidth>
            Ask for a link
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate aria-label="Choose a new password">
          <Stack>
            <FormError message={errors.token ?? formError} />
            <PasswordInput
              label="New password"
              description="At least 8 characters, not a common password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNewPassword(e.currentTarget.value)}
              error={errors.newPassword}
            />
            <Button type="submit" loading={saving} fullWidth>
              Set the new password
            </Button>
            <Text size="sm" ta="center">
              Link expired?{" "}
              <Anchor component={Link} to="/forgot-password">
                Ask for a new one
              </Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </AuthCard>
  )
}

export default ResetPasswordPage
