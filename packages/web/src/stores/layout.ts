import { create } from "zustand"
import { persist } from "zustand/middleware"

interface LayoutState {
  readonly assistantOpen: boolean
  readonly navOpen: boolean
  readonly setAssistantOpen: (open: boolean) => void
  readonly toggleAssistant: () => void
  readonly toggleNav: () => void
}

/** The shell's panels. The assistant starts closed; whether it is open survives reloads. */
export const useLayout = create<LayoutState>()(
  persist(
    (set) => ({
      assistantOpen: false,
      navOpen: false,
      setAssistantOpen: (open) => set({ assistantOpen: open }),
      toggleAssistant: () => set((s) => ({ assistantOpen: !s.assistantOpen })),
      toggleNav: () => set((s) => ({ navOpen: !s.navOpen }))
    }),
    {
      name: "trading-app.layout",
      // Version 1 opened the assistant by default; those saved states start closed again.
      version: 2,
      migrate: () => ({ assistantOpen: false }),
      partialize: (s) => ({ assistantOpen: s.assistantOpen })
    }
  )
)
