import type { Schema } from "effect"
import { useState } from "react"
import { ApiProblem, type FieldErrors, messageOf } from "../api/problem.js"
import { validate } from "./validate.js"

/**
 * The sending of a form checked with a domain Schema: the browser's check first (the server's
 * own rules and messages), then the call; errors per field from either, a message for the form,
 * and whether it is being sent.
 */
export const useSchemaForm = () => {
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const send = async <A, I, R>(
    schema: Schema.Schema<A, I>,
    input: unknown,
    save: (value: A) => Promise<R>,
    onSaved: (saved: R) => void
  ) => {
    setFormError(null)
    const checked = await validate(schema, input)
    if (!checked.ok) return setErrors(checked.errors)
    setErrors({})
    setSaving(true)
    try {
      onSaved(await save(checked.value))
    } catch (error) {
      if (error instanceof ApiProblem && Object.keys(error.fieldErrors).length > 0)
        setErrors(error.fieldErrors)
      setFormError(messageOf(error))
    } finally {
      setSaving(false)
    }
  }

  return { errors, formError, saving, send }
}
