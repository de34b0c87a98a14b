import { Badge } from "@mantine/core"
import type { Signal } from "@trading-app/domain"

export const SideBadge = ({ side }: { readonly side: Signal["side"] }) => (
  <Badge variant="light" color={side === "entry" ? "teal" : "orange"} miw="max-content">
    {side === "entry" ? "Entry" : "Exit"}
  </Badge>
)
