import { Anchor, Center, Group, Paper, Stack, Text, Title } from "@mantine/core"
import type { ReactNode } from "react"
import { Link } from "react-router"

/** The frame of the sign-in and sign-up pages. */
export const AuthCard = ({
  title,
  children
}: {
  readonly title: string
  readonly children: ReactNode
}) => (
  <Center mih="100dvh" p="md" component="main">
    <Stack w="100%" maw={420} gap="md">
      <Text fw={700} size="lg" ta="center" c="blue">
        trading-app
      </Text>
      <Paper withBorder shadow="sm" p="xl">
        <Title order={1} size="h2" mb="md">
          {title}
        </Title>
        {children}
      </Paper>
      <Group justify="center" gap="md">
        <Anchor component={Link} to="/terms-of-service" size="sm" c="dimmed">
          Terms of service
        </Anchor>
        <Anchor component={Link} to="/privacy-policy" size="sm" c="dimmed">
          Privacy policy
        </Anchor>
      </Group>
    </Stack>
  </Center>
)
