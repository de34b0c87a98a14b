import { Text } from "@mantine/core"
import { useCanWrite } from "../stores/session.js"

/** Says why a viewer sees no way to change anything (the server refuses it too). */
export const ReadOnlyNote = () =>
  useCanWrite() ? null : (
    <Text size="sm" c="dimmed">
      Your role is viewer: you can look at everything here but not change it. An administrator can
      change your role.
    </Text>
  )
