import { Alert } from "@mantine/core"

/** A form's error that belongs to no single field, announced to screen readers. */
export const FormError = ({ message }: { readonly message: string | null }) =>
  message === null ? null : (
    <Alert color="red" role="alert">
      {message}
    </Alert>
  )
