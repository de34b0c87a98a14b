import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core"
import { LoginRequest } from "@trading-app/domain"
import { useState } from "react"
import { Link, Navigate } from "react-router"
import { useSession } from "../stores/session.js"
import { AuthCard } from "./AuthCard.js"
import { useAuthForm } from "./useAuthForm.js"

export const LoginPage = () => {
  const { status, signIn } = useSession()
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const { errors, formError, submitting, submit, next, search } = useAuthForm(
    LoginRequest,
    signIn,
    "email"
  )

  if (status === "signedIn" && !submitting) return <Navigate to={next} replace />

  return (
    <AuthCard title="Sign in">
      <form onSubmit={submit({ email, password })} noValidate aria-label="Sign in">
        <Stack>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={submitting} fullWidth>
            Sign in
          </Button>
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
