import { Anchor, Container, Text, Title } from "@mantine/core"
import { Link } from "react-router"

export const NotFoundPage = () => (
  <Container size="sm" py="xl">
    <Title order={1}>Page not found</Title>
    <Text mt="sm">There is nothing at this address.</Text>
    <Anchor component={Link} to="/" mt="md" display="inline-block">
      Go to the dashboard
    </Anchor>
  </Container>
)
