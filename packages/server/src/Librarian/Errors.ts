import { Data, type Option } from "effect"

/** The Librarian cannot be reached, is overloaded, refuses for now, or is not configured. */
export class LibrarianUnavailable extends Data.TaggedError("LibrarianUnavailable")<{
  readonly reason: string
  /** Seconds until trying again makes sense, when known. */
  readonly retryAfter: Option.Option<number>
}> {}

/** No answer within the time allowed. */
export class LibrarianTimeout extends Data.TaggedError("LibrarianTimeout")<{
  readonly reason: string
}> {}

/** An answer the app cannot use: a client error, a redirect, too big, or off the contract. */
export class LibrarianBadAnswer extends Data.TaggedError("LibrarianBadAnswer")<{
  readonly reason: string
}> {}

export type LibrarianError =
  | LibrarianUnavailable
  | LibrarianTimeout
  | LibrarianBadAnswer
  | LibrarianMissing

/** The Librarian has no such document of this owner (it was deleted there, or lost). */
export class LibrarianMissing extends Data.TaggedError("LibrarianMissing")<{
  readonly reason: string
}> {}
