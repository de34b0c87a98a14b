import { create } from "zustand"
import { persist } from "zustand/middleware"

interface LayoutState {
  readonly assistantOpen: boolean
  readonly navOpen: boolean
  readonly setAssistantOpen: (open: boolean) => void
  readonly toggleAssistant: () => void
  readonly toggleNav: () => void
}

/** The shell's panels. Whether the assistant sidebar is open survives reloads. */
export const useLayout = create<LayoutState>()(
  persist(
    (set) => ({
      assistantOpen: true,
      navOpen: false,
      setAssistantOpen: (open) => set({ assistantOpen: open }),
      toggleAssistant: () => set((s) => ({ assistantOpen: !s.assistantOpen })),
      toggleNav: () => set((s) => ({ navOpen: !s.navOpen }))
    }),
    {
      name: "trading-app.layout",
      version: 1,
      partialize: (s) => ({ assistantOpen: s.assistantOpen })
    }
  )
)
