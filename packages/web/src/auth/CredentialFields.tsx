import { PasswordInput, TextInput } from "@mantine/core"
import type { FieldErrors } from "../api/problem.js"

/** E-mail and password: for signing in, or for a new account (with the password rules shown). */
export const CredentialFields = ({
  email,
  password,
  onEmail,
  onPassword,
  errors,
  newAccount = false
}: {
  readonly email: string
  readonly password: string
  readonly onEmail: (email: string) => void
  readonly onPassword: (password: string) => void
  readonly errors: FieldErrors
  readonly newAccount?: boolean
}) => (
  <>
    <TextInput
      label="E-mail"
      type="email"
      autoComplete={newAccount ? "email" : "username"}
      required
      value={email}
      onChange={(e) => onEmail(e.currentTarget.value)}
      error={errors.email}
    />
    <PasswordInput
      label="Password"
      description={newAccount ? "At least 8 characters; not a common password" : undefined}
      autoComplete={newAccount ? "new-password" : "current-password"}
      required
      value={password}
      onChange={(e) => onPassword(e.currentTarget.value)}
      error={errors.password}
    />
  </>
)
