import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Popover,
  Select,
  Stack,
  Text,
  TextInput
} from "@mantine/core"
import type { ImportRow, RowStatus } from "@trading-app/domain"
import { useState } from "react"
import { ChoiceButtons } from "../components/ChoiceButtons.js"
import { DataTable } from "../components/DataTable.js"
import { formatDateTime } from "../lib/format.js"
import { PAGE_SIZE, type RowView, useImport } from "./store.js"

const STATUS: Record<RowStatus, { color: string; label: string }> = {
  ready: { color: "teal", label: "Ready" },
  invalid: { color: "red", label: "Problem" },
  duplicate: { color: "yellow", label: "Duplicate" },
  excluded: { color: "gray", label: "Excluded" }
}

/** A correction of one cell of a row: the column (a problem's, by default) and its new text. */
const FixCell = ({
  row,
  columns
}: {
  readonly row: ImportRow
  readonly columns: ReadonlyArray<string>
}) => {
  const fix = useImport((s) => s.fix)
  const first = row.issues.find((i) => i.column !== null)?.column ?? columns[0] ?? ""
  const [open, setOpen] = useState(false)
  const [column, setColumn] = useState(first)
  const [value, setValue] = useState("")
  const cellOf = (c: string) => row.cells[columns.indexOf(c)] ?? ""
  return (
    <Popover
      opened={open}
      onChange={setOpen}
      trapFocus
      position="bottom-end"
      withArrow
      onOpen={() => setValue(cellOf(column))}
    >
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" onClick={() => setOpen((o) => !o)}>
          Fix
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            setOpen(false)
            void fix(row.row, column, value)
          }}
        >
          <Stack gap="xs" w={240}>
            <Select
              label="Column"
              data={columns.map((c) => ({ value: c, label: c }))}
              value={column}
              allowDeselect={false}
              onChange={(c) => {
                if (c === null) return
                setColumn(c)
                setValue(cellOf(c))
              }}
            />
            <TextInput
              label={`Row ${row.row}, new value`}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
            />
            <Button type="submit" size="xs">
              Apply
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  )
}

/** The dry run: counts, a view of the rows with their problems, and what to take or leave. */
export const ReviewGrid = () => {
  const preview = useImport((s) => s.preview)
  const view = useImport((s) => s.view)
  const offset = useImport((s) => s.offset)
  const loading = useImport((s) => s.loading)
  const show = useImport((s) => s.show)
  const setTaken = useImport((s) => s.setTaken)
  if (preview === null) return null
  const { counts } = preview
  const views: ReadonlyArray<{ value: RowView; label: string }> = [
    { value: "all", label: `All ${counts.rows}` },
    { value: "problems", label: `Problems ${counts.invalid}` },
    { value: "duplicates", label: `Duplicates ${counts.duplicates}` },
    { value: "ready", label: `Ready ${counts.ready}` },
    { value: "excluded", label: `Excluded ${counts.excluded}` }
  ]
  const last = Math.min(offset + PAGE_SIZE, preview.total)
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <ChoiceButtons
          label="Rows shown"
          value={view}
          options={views}
          onChange={(v) => void show(v)}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {preview.total === 0 ? "No rows" : `Rows ${offset + 1}–${last} of ${preview.total}`}
        </Text>
      </Group>
      {counts.invalid > 0 && (
        <Alert color="yellow" title={`${counts.invalid} row(s) have problems`}>
          They are left out unless fixed. Each problem names its column and the value read.
        </Alert>
      )}
      <DataTable label="Rows of the file" minWidth={1100} busy={loading}>
        <thead>
          <tr>
            <th>Take</th>
            <th data-num>Row</th>
            <th>Status</th>
            <th>Date</th>
            <th>Type</th>
            <th>Symbol</th>
            <th data-num>Quantity</th>
            <th data-num>Price</th>
            <th data-num>Fee</th>
            <th data-num>Amount</th>
            <th>Currency</th>
            <th>Problems and duplicates</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r) => {
            const a = r.activity
            const taken = r.status === "ready"
            return (
              <tr key={r.row}>
                <td>
                  <Checkbox
                    aria-label={`Take row ${r.row}`}
                    checked={taken}
                    disabled={r.status === "invalid"}
                    onChange={(e) =>
                      void setTaken(r.row, e.currentTarget.checked, r.duplicateOf !== null)
                    }
                  />
                </td>
                <td data-num>{r.row}</td>
                <td>
                  <Badge color={STATUS[r.status].color} variant="light" miw="max-content">
                    {STATUS[r.status].label}
                  </Badge>
                </td>
                <td style={{ whiteSpace: "nowrap" }}>
                  {a.executedAt ? formatDateTime(a.executedAt) : "—"}
                </td>
                <td>{a.type ?? "—"}</td>
                <td style={{ fontWeight: 600, whiteSpace: "nowrap" }}>{a.symbol ?? ""}</td>
                <td data-num>{a.quantity ?? ""}</td>
                <td data-num>{a.price ?? ""}</td>
                <td data-num>{a.fee ?? ""}</td>
                <td data-num>{a.amount ?? ""}</td>
                <td>{a.currency ?? ""}</td>
                <td style={{ maxWidth: 360 }}>
                  {r.issues.map((i) => (
                    <Text key={`${i.column}:${i.message}`} size="sm" c="red">
                      {i.column ? `${i.column} "${i.value ?? ""}": ` : ""}
                      {i.message}
                    </Text>
                  ))}
                  {r.duplicateOf && (
                    <Text size="sm" c="dimmed">
                      Repeats {r.duplicateOf}
                    </Text>
                  )}
                </td>
                <td>
                  <FixCell row={r} columns={preview.columns} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </DataTable>
      {preview.total > PAGE_SIZE && (
        <Group justify="center">
          <Button
            variant="default"
            disabled={offset === 0}
            onClick={() => void show(view, Math.max(0, offset - PAGE_SIZE))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            disabled={last >= preview.total}
            onClick={() => void show(view, offset + PAGE_SIZE)}
          >
            Next
          </Button>
        </Group>
      )}
    </Stack>
  )
}
