import { type Context, Effect, Layer } from "effect"

/**
 * A Layer for a service that does only what the test gives it and dies loudly, naming the method,
 * on any other call: a unit test then proves what a service does not touch as well.
 */
export const strictMock = <I, S extends object>(
  tag: Context.Tag<I, S>,
  impl: Partial<S>
): Layer.Layer<I> =>
  Layer.succeed(
    tag,
    new Proxy(impl as S, {
      get: (target, key) =>
        key in target
          ? target[key as keyof S]
          : () => Effect.dieMessage(`unexpected call: ${String(tag.key)}.${String(key)}`)
    })
  )
