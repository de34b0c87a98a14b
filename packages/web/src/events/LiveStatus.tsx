import { Text } from "@mantine/core"
import { useEffect, useState } from "react"
import { type StreamStatus, useEvents } from "./store.js"

/** A stream that comes back within this long (it ends every half hour by design) says nothing. */
export const RECONNECT_GRACE_MS = 3000

/** The header's sign of the live stream: quiet when live, plain words when it is not. */
export const LiveStatus = () => {
  const status = useEvents((s) => s.status)
  const [shown, setShown] = useState<StreamStatus>(status)
  useEffect(() => {
    if (status !== "reconnecting") return setShown(status)
    const timer = setTimeout(() => setShown(status), RECONNECT_GRACE_MS)
    return () => clearTimeout(timer)
  }, [status])
  if (shown === "off") return null
  const live = shown === "live"
  return (
    <Text
      size="xs"
      fw={600}
      c={live ? "teal" : "orange"}
      role="status"
      aria-live="polite"
      style={{ whiteSpace: "nowrap" }}
      title={
        live
          ? "Changes and prices arrive as they happen"
          : "The live connection dropped; catching up once it is back"
      }
    >
      {live ? "● Live" : shown === "connecting" ? "Connecting…" : "Reconnecting…"}
    </Text>
  )
}
