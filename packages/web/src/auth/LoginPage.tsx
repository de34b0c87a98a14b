import { Anchor, Button, Stack, Text } from "@mantine/core"
import { LoginRequest } from "@trading-app/domain"
import { Link, Navigate } from "react-router"
import { FormError } from "../components/FormError.js"
import { useSession } from "../stores/session.js"
import { AuthCard } from "./AuthCard.js"
import { CredentialFields } from "./CredentialFields.js"
import { useAuthForm } from "./useAuthForm.js"

export const LoginPage = () => {
  const { status, signIn } = useSession()
  const { credentials, formError, submitting, submit, next, search } = useAuthForm(
    LoginRequest,
    signIn,
    "email"
  )

  if (status === "signedIn" && !submitting) return <Navigate to={next} replace />

  return (
    <AuthCard title="Sign in">
      <form
        onSubmit={submit({ email: credentials.email, password: credentials.password })}
        noValidate
        aria-label="Sign in"
      >
        <Stack>
          <FormError message={formError} />
          <CredentialFields {...credentials} />
          <Button type="submit" loading={submitting} fullWidth>
            Sign in
          </Button>
          <Text size="sm" ta="center">
            <Anchor component={Link} to="/forgot-password">
              Forgot your password?
            </Anchor>
          </Text>
          <Text size="sm" ta="center">
            New here?{" "}
            <Anchor component={Link} to={`/register${search}`}>
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}
