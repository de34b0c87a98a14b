import { Divider, Stack, Title } from "@mantine/core"
import { DataExport } from "./DataExport.js"
import { SecurityEvents } from "./SecurityEvents.js"

/** The signed-in user's own account: their data and their security events. */
const AccountPage = () => (
  <Stack gap="lg">
    <Title order={1} size="h2">
      Account
    </Title>
    <DataExport />
    <Divider />
    <SecurityEvents />
  </Stack>
)

export default AccountPage
