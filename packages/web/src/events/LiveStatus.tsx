import { Text } from "@mantine/core"
import { useEvents } from "./store.js"

/** The header's sign of the live stream: quiet when live, plain words when it is not. */
export const LiveStatus = () => {
  const status = useEvents((s) => s.status)
  if (status === "off") return null
  const live = status === "live"
  return (
    <Text
      size="xs"
      fw={600}
      c={live ? "teal.8" : "orange.9"}
      role="status"
      aria-live="polite"
      title={
        live
          ? "Changes and prices arrive as they happen"
          : "The live connection dropped; catching up once it is back"
      }
    >
      {live ? "● Live" : status === "connecting" ? "Connecting…" : "Reconnecting…"}
    </Text>
  )
}
