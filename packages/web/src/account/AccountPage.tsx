import { Divider, Stack, Title } from "@mantine/core"
import { useState } from "react"
import { PageLoader } from "../layout/PageLoader.js"
import { useSession } from "../stores/session.js"
import { DataExport } from "./DataExport.js"
import { DeleteAccount } from "./DeleteAccount.js"
import { OwnSessions } from "./OwnSessions.js"
import { PasswordForm } from "./PasswordForm.js"
import { ProfileForm } from "./ProfileForm.js"
import { SecurityEvents } from "./SecurityEvents.js"

/** The signed-in user's own account: settings, password, sessions, data, security, deletion. */
const AccountPage = () => {
  const user = useSession((s) => s.user)
  // A password change ends the other sessions: the list shows it.
  const [revision, setRevision] = useState(0)
  if (user === null) return <PageLoader />
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        Account
      </Title>
      <ProfileForm user={user} />
      <Divider />
      <PasswordForm onChanged={() => setRevision((r) => r + 1)} />
      <Divider />
      <OwnSessions revision={revision} />
      <Divider />
      <DataExport />
      <Divider />
      <SecurityEvents />
      <Divider />
      <DeleteAccount />
    </Stack>
  )
}

export default AccountPage
