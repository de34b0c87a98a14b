import { Anchor, Button, Checkbox, Stack, Text, TextInput } from "@mantine/core"
import { RegisterRequest } from "@trading-app/domain"
import { useState } from "react"
import { Link, Navigate } from "react-router"
import { FormError } from "../components/FormError.js"
import { useSession } from "../stores/session.js"
import { AuthCard } from "./AuthCard.js"
import { CredentialFields } from "./CredentialFields.js"
import { useAuthForm } from "./useAuthForm.js"

const RegisterPage = () => {
  const { status, register } = useSession()
  const [displayName, setDisplayName] = useState("")
  const [acceptTerms, setAcceptTerms] = useState(false)
  const { credentials, errors, formError, submitting, submit, next, search } = useAuthForm(
    RegisterRequest,
    register
  )

  if (status === "signedIn" && !submitting) return <Navigate to={next} replace />

  const input = {
    email: credentials.email,
    password: credentials.password,
    acceptTerms,
    ...(displayName.trim() === "" ? {} : { displayName })
  }

  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit(input)} noValidate aria-label="Create an account">
        <Stack>
          <FormError message={formError} />
          <CredentialFields {...credentials} newAccount />
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
