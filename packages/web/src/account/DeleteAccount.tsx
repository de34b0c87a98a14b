import { Button, Group, Modal, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core"
import { DeleteAccount as DeleteAccountInput } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { useNavigate } from "react-router"
import { api, call } from "../api/client.js"
import { setAccessToken } from "../api/transport.js"
import { FormError } from "../components/FormError.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useSession } from "../stores/session.js"

/** Deleting the account for good, once the password is given again. */
export const DeleteAccount = () => {
  const [open, setOpen] = useState(false)
  const [password, setPassword] = useState("")
  const { errors, formError, saving, send } = useSchemaForm()
  const navigate = useNavigate()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    return send(
      DeleteAccountInput,
      { password },
      (payload) => call(api.users.deleteMe({ payload })),
      () => {
        setAccessToken(null)
        useSession.setState({ status: "signedOut", user: null })
        notify({ color: "teal", title: "Account deleted", message: "Everything it held is gone." })
        navigate("/login")
      }
    )
  }
  return (
    <Paper withBorder p="md" style={{ borderColor: "var(--mantine-color-red-outline)" }}>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Delete account
        </Title>
        <Text size="sm">
          Your portfolios, activities, conversations and exports are deleted at once and cannot be
          brought back. Export your data first if you may want it.
        </Text>
        <Group>
          <Button color="red" variant="light" onClick={() => setOpen(true)}>
            Delete my account
          </Button>
        </Group>
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title="Delete your account">
        <form onSubmit={submit} noValidate aria-label="Delete your account">
          <Stack>
            <FormError message={formError} />
            <PasswordInput
              label="Your password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={saving}>
                Delete for good
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  )
}
