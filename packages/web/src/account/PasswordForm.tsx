import { Button, Group, PasswordInput, Stack, Text, Title } from "@mantine/core"
import { ChangePassword } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { api, call } from "../api/client.js"
import { FormError } from "../components/FormError.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"

/** A new password, given the current one; every other session ends. */
export const PasswordForm = ({ onChanged }: { readonly onChanged: () => void }) => {
  const [draft, setDraft] = useState({ currentPassword: "", newPassword: "" })
  const { errors, formError, saving, send } = useSchemaForm()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    return send(
      ChangePassword,
      draft,
      (payload) => call(api.users.changePassword({ payload })),
      () => {
        setDraft({ currentPassword: "", newPassword: "" })
        notify({
          color: "teal",
          title: "Password changed",
          message: "Every other session was signed out."
        })
        onChanged()
      }
    )
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack maw={480}>
        <Title order={2} size="h3">
          Password
        </Title>
        <Text size="sm" c="dimmed">
          Changing it signs you out everywhere else.
        </Text>
        <FormError message={formError} />
        <PasswordInput
          label="Current password"
          autoComplete="current-password"
          value={draft.currentPassword}
          onChange={(e) => {
            const value = e.currentTarget.value
            setDraft((d) => ({ ...d, currentPassword: value }))
          }}
          error={errors.currentPassword}
        />
        <PasswordInput
          label="New password"
          description="At least 8 characters, not a common password"
          autoComplete="new-password"
          value={draft.newPassword}
          onChange={(e) => {
            const value = e.currentTarget.value
            setDraft((d) => ({ ...d, newPassword: value }))
          }}
          error={errors.newPassword}
        />
        <Group>
          <Button type="submit" loading={saving}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
