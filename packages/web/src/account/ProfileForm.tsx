import { Button, Group, Select, Stack, TextInput, Title } from "@mantine/core"
import { UpdateProfile, type User } from "@trading-app/domain"
import { type FormEvent, useState } from "react"
import { api, call } from "../api/client.js"
import { CURRENCY_OPTIONS } from "../components/currencies.js"
import { FormError } from "../components/FormError.js"
import { notify } from "../lib/notify.js"
import { useSchemaForm } from "../lib/useSchemaForm.js"
import { useSession } from "../stores/session.js"

const BROWSER = "browser"
const TIME_ZONES = [
  { value: BROWSER, label: `This browser's (${Intl.DateTimeFormat().resolvedOptions().timeZone})` },
  ...Intl.supportedValuesOf("timeZone").map((zone) => ({ value: zone, label: zone }))
]

/** The user's name, the currency new portfolios start in, and the time zone of date-times. */
export const ProfileForm = ({ user }: { readonly user: User }) => {
  const [draft, setDraft] = useState({
    displayName: user.displayName ?? "",
    defaultCurrency: user.defaultCurrency as string,
    timeZone: user.timeZone ?? BROWSER
  })
  const { errors, formError, saving, send } = useSchemaForm()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    return send(
      UpdateProfile,
      {
        displayName: draft.displayName.trim() === "" ? null : draft.displayName,
        defaultCurrency: draft.defaultCurrency,
        timeZone: draft.timeZone === BROWSER ? null : draft.timeZone
      },
      (payload) => call(api.users.updateMe({ payload })),
      (saved) => {
        useSession.setState({ user: saved })
        notify({ color: "teal", title: "Settings saved", message: "Your settings are saved." })
      }
    )
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Profile">
      <Stack maw={480}>
        <Title order={2} size="h3">
          Profile
        </Title>
        <FormError message={formError} />
        <TextInput
          label="Display name"
          placeholder={user.email}
          value={draft.displayName}
          onChange={(e) => {
            const value = e.currentTarget.value
            setDraft((d) => ({ ...d, displayName: value }))
          }}
          error={errors.displayName}
        />
        <Select
          label="Default currency"
          description="The base currency new portfolios start with"
          searchable
          data={CURRENCY_OPTIONS}
          value={draft.defaultCurrency}
          onChange={(v) => v !== null && setDraft((d) => ({ ...d, defaultCurrency: v }))}
          allowDeselect={false}
          error={errors.defaultCurrency}
        />
        <Select
          label="Time zone"
          description="Dates and times are shown in it"
          searchable
          data={TIME_ZONES}
          value={draft.timeZone}
          onChange={(v) => v !== null && setDraft((d) => ({ ...d, timeZone: v }))}
          allowDeselect={false}
          error={errors.timeZone}
        />
        <Group>
          <Button type="submit" loading={saving}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
