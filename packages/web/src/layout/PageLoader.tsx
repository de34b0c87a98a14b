import { Center, Loader } from "@mantine/core"

export const PageLoader = () => (
  <Center mih={240} role="status" aria-label="Loading">
    <Loader />
  </Center>
)
