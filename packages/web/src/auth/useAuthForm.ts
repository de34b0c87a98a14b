import type { Schema } from "effect"
import { type FormEvent, useState } from "react"
import { useLocation, useNavigate } from "react-router"
import { ApiProblem, type FieldErrors, messageOf } from "../api/problem.js"
import { validate } from "../lib/validate.js"
import { tryAgainIn } from "../lib/wait.js"
import { nextPath } from "./RequireAuth.js"

/**
 * The submit logic of the sign-in and sign-up forms: check the input with the request's domain
 * Schema, send it, then go where the user was heading. Server errors land next to their field;
 * throttling shows its wait time next to `throttledField`, or above the form.
 */
export const useAuthForm = <A, I>(
  schema: Schema.Schema<A, I>,
  send: (request: A) => Promise<void>,
  throttledField?: string
) => {
  const location = useLocation()
  const navigate = useNavigate()
  const [email, setEmail] = useState("")
  const [password, setPassword] = useState("")
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const next = nextPath(location.search)

  const submit = (input: unknown) => async (event: FormEvent) => {
    event.preventDefault()
    setFormError(null)
    const checked = await validate(schema, input)
    if (!checked.ok) return setErrors(checked.errors)
    setErrors({})
    setSubmitting(true)
    try {
      await send(checked.value)
      navigate(next, { replace: true })
    } catch (error) {
      if (error instanceof ApiProblem && error.kind === "TooManyRequests") {
        const message = `${error.message} ${tryAgainIn(error.retryAfter)}`
        if (throttledField) setErrors({ [throttledField]: message })
        else setFormError(message)
      } else if (error instanceof ApiProblem && Object.keys(error.fieldErrors).length > 0)
        setErrors(error.fieldErrors)
      else setFormError(messageOf(error))
    } finally {
      setSubmitting(false)
    }
  }

  /** The props of the form's CredentialFields. */
  const credentials = { email, password, onEmail: setEmail, onPassword: setPassword, errors }
  return { credentials, errors, formError, submitting, submit, next, search: location.search }
}
