import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  PasswordInput,
  Stack,
  Text,
  TextInput
} from "@mantine/core"
import { RegisterRequest } from "@trading-app/domain"
import { useState } from "react"
import { Link, Navigate } from "react-router"
import { useSession } from "../stores/session.js"
import { AuthCard } from "./AuthCard.js"
import { useAuthForm } from "./useAuthForm.js"

const RegisterPage = () => {
  const { status, register } = useSession()
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const [displayName, setDisplayName] = useState("")
  const [acceptTerms, setAcceptTerms] = useState(false)
  const { errors, formError, submitting, submit, next, search } = useAuthForm(
    RegisterRequest,
    register
  )

  if (status === "signedIn" && !submitting) return <Navigate to={next} replace />

  const input = {
    email,
    password,
    acceptTerms,
    ...(displayName.trim() === "" ? {} : { displayName })
  }

  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit(input)} noValidate aria-label="Create an account">
        <Stack>
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            label="Password"
            description="At least 8 characters; not a common password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <TextInput
            label="Display name"
            description="Optional"
            autoComplete="nickname"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={errors.displayName}
          />
          <Checkbox
            checked={acceptTerms}
            onChange={(e) => setAcceptTerms(e.currentTarget.checked)}
            error={errors.acceptTerms}
            label={
              <>
                I accept the{" "}
                <Anchor component={Link} to="/terms-of-service" target="_blank" inherit>
                  terms of service
                </Anchor>{" "}
                and the{" "}
                <Anchor component={Link} to="/privacy-policy" target="_blank" inherit>
                  privacy policy
                </Anchor>
              </>
            }
          />
          <Button type="submit" loading={submitting} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account?{" "}
            <Anchor component={Link} to={`/login${search}`}>
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  )
}

export default RegisterPage
