import { Alert, Anchor, Container, Stack, Text, Title } from "@mantine/core"
import type { ReactNode } from "react"
import { Link } from "react-router"

export interface LegalSection {
  readonly heading: string
  readonly body: ReactNode
}

/** A legal page, readable without signing in. Its text is a placeholder until counsel supplies it. */
export const LegalPage = ({
  title,
  sections
}: {
  readonly title: string
  readonly sections: ReadonlyArray<LegalSection>
}) => (
  <Container size="sm" py="xl" component="main">
    <Stack gap="lg">
      <Anchor component={Link} to="/" size="sm">
        ← trading-app
      </Anchor>
      <Title order={1}>{title}</Title>
      <Alert color="yellow" title="Placeholder">
        This text is a placeholder. The binding version will be published here before launch.
      </Alert>
      {sections.map((section) => (
        <section key={section.heading}>
          <Title order={2} size="h3" mb="xs">
            {section.heading}
          </Title>
          <Text>{section.body}</Text>
        </section>
      ))}
    </Stack>
  </Container>
)
