import { Badge } from "@mantine/core"
import type { ActivityType } from "@trading-app/domain"
import { ACTIVITY_LABELS, activityColor } from "./activities.js"

/** An entry's type as a badge, never cut short by a narrow column. */
export const ActivityBadge = ({ type }: { readonly type: ActivityType }) => (
  <Badge
    color={activityColor(type)}
    variant="light"
    styles={{ root: { maxWidth: "none", flexShrink: 0 }, label: { overflow: "visible" } }}
  >
    {ACTIVITY_LABELS[type]}
  </Badge>
)
