import { Button, Group, Select, TextInput } from "@mantine/core"
import type { PortfolioId } from "@trading-app/domain"
import { useState } from "react"
import { call } from "../api/client.js"
import { importApi } from "../api/importClient.js"
import { messageOf } from "../api/problem.js"
import { notify } from "../lib/notify.js"
import { useApi } from "../lib/useApi.js"
import { type ImportChoices, useImport } from "./store.js"

/** A portfolio's saved ways of reading files: apply one, or save the current one by name. */
export const SavedMappings = ({
  portfolioId,
  choices
}: {
  readonly portfolioId: PortfolioId
  readonly choices: ImportChoices
}) => {
  const change = useImport((s) => s.change)
  const [revision, setRevision] = useState(0)
  const profiles = useApi(
    () => importApi.imports.profiles({ urlParams: { portfolioId } }),
    [portfolioId, revision]
  )
  const [name, setName] = useState("")
  const [saving, setSaving] = useState(false)
  const items = profiles.data?.items ?? []
  const save = async () => {
    setSaving(true)
    try {
      await call(
        importApi.imports.saveProfile({
          payload: {
            portfolioId,
            name: name.trim(),
            settings: choices.settings,
            mapping: choices.mapping,
            symbols: choices.symbols
          }
        })
      )
      notify({ color: "teal", title: "Mapping saved", message: `Saved as "${name.trim()}".` })
      setRevision((r) => r + 1)
    } catch (e) {
      notify({ color: "red", title: "Not saved", message: messageOf(e) })
    } finally {
      setSaving(false)
    }
  }
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label="Saved mappings"
        placeholder={items.length === 0 ? "None saved yet" : "Apply one"}
        data={items.map((p) => ({ value: p.id, label: p.name }))}
        disabled={items.length === 0}
        value={null}
        onChange={(id) => {
          const p = items.find((i) => i.id === id)
          if (p)
            void change({
              preset: "custom",
              settings: p.settings,
              mapping: p.mapping,
              symbols: p.symbols
            })
        }}
      />
      <TextInput
        label="Save this mapping as"
        placeholder="My bank"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <Button
        variant="default"
        disabled={name.trim() === "" || choices.preset !== "custom"}
        loading={saving}
        onClick={() => void save()}
      >
        Save mapping
      </Button>
    </Group>
  )
}
