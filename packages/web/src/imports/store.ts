import type {
  ColumnMapping,
  ImportPreset,
  ImportPreview,
  ImportRun,
  ImportUpload,
  ParseSettings,
  PortfolioId,
  ROW_VIEWS,
  SymbolMap
} from "@trading-app/domain"
import { create } from "zustand"
import { call } from "../api/client.js"
import { importApi } from "../api/importClient.js"
import { messageOf } from "../api/problem.js"

export type RowView = (typeof ROW_VIEWS)[number]

export interface ImportChoices {
  readonly settings: ParseSettings
  readonly preset: ImportPreset
  readonly mapping: ColumnMapping
  readonly symbols: SymbolMap
  readonly fixes: ReadonlyArray<{
    readonly row: number
    readonly column: string
    readonly value: string
  }>
  readonly exclude: ReadonlyArray<number>
  readonly include: ReadonlyArray<number>
}

export const PAGE_SIZE = 50

interface ImportState {
  readonly upload: ImportUpload | null
  readonly choices: ImportChoices | null
  readonly view: RowView
  readonly offset: number
  readonly preview: ImportPreview | null
  readonly uploading: boolean
  readonly loading: boolean
  readonly committing: boolean
  readonly error: string | null
  /** Sends a file and reviews it with what was detected. */
  readonly start: (portfolioId: PortfolioId, file: File) => Promise<void>
  /** Changes how the file is read (or which rows are taken) and reviews it again. */
  readonly change: (patch: Partial<ImportChoices>) => Promise<void>
  readonly show: (view: RowView, offset?: number) => Promise<void>
  /** Leaves a row out, or takes it (a duplicate) all the same. */
  readonly setTaken: (row: number, taken: boolean, duplicate: boolean) => Promise<void>
  readonly fix: (row: number, column: string, value: string) => Promise<void>
  readonly commit: () => Promise<ImportRun | null>
  readonly reset: () => void
}

const idle = {
  upload: null,
  choices: null,
  view: "all" as RowView,
  offset: 0,
  preview: null,
  uploading: false,
  loading: false,
  committing: false,
  error: null
}

// Answers to an older review are dropped when a newer one was asked for meanwhile.
let latest = 0

/** One file's import, from upload to commit: what was chosen, and the dry run's page shown. */
export const useImport = create<ImportState>()((set, get) => {
  const review = async () => {
    const { upload, choices, view, offset } = get()
    if (upload === null || choices === null) return
    const asked = ++latest
    set({ loading: true })
    try {
      const preview = await call(
        importApi.imports.preview({
          path: { uploadId: upload.id },
          payload: { ...choices, view, offset, limit: PAGE_SIZE }
        })
      )
      if (asked === latest) set({ preview, error: null })
    } catch (e) {
      if (asked === latest) set({ error: messageOf(e) })
    } finally {
      if (asked === latest) set({ loading: false })
    }
  }
  return {
    ...idle,
    start: async (portfolioId, file) => {
      set({ ...idle, uploading: true })
      try {
        const bytes = new Uint8Array(await file.arrayBuffer())
        const upload = await call(
          importApi.imports.upload({
            urlParams: { portfolioId, fileName: file.name || "import.csv" },
            payload: bytes
          })
        )
        set({
          upload,
          uploading: false,
          choices: {
            settings: upload.settings,
            preset: upload.preset,
            mapping: upload.mapping,
            symbols: {},
            fixes: [],
            exclude: [],
            include: []
          }
        })
        await review()
      } catch (e) {
        set({ uploading: false, error: messageOf(e) })
      }
    },
    change: async (patch) => {
      const choices = get().choices
      if (choices === null) return
      set({ choices: { ...choices, ...patch }, offset: 0 })
      await review()
    },
    show: async (view, offset = 0) => {
      set({ view, offset })
      await review()
    },
    setTaken: async (row, taken, duplicate) => {
      const choices = get().choices
      if (choices === null) return
      const without = (rows: ReadonlyArray<number>) => rows.filter((r) => r !== row)
      set({
        choices: {
          ...choices,
          exclude: taken ? without(choices.exclude) : [...without(choices.exclude), row],
          include:
            taken && duplicate ? [...without(choices.include), row] : without(choices.include)
        }
      })
      await review()
    },
    fix: async (row, column, value) => {
      const choices = get().choices
      if (choices === null) return
      const others = choices.fixes.filter((f) => f.row !== row || f.column !== column)
      set({ choices: { ...choices, fixes: [...others, { row, column, value }] } })
      await review()
    },
    commit: async () => {
      const { upload, choices } = get()
      if (upload === null || choices === null) return null
      set({ committing: true, error: null })
      try {
        const run = await call(
          importApi.imports.commit({ path: { uploadId: upload.id }, payload: choices })
        )
        set({ ...idle })
        return run
      } catch (e) {
        set({ committing: false, error: messageOf(e) })
        return null
      }
    },
    reset: () => set({ ...idle })
  }
})
