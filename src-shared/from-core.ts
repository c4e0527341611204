import type { CallName, EventName, PayloadOf, ResultOf } from './contract'

/**
 * The one place a client takes a value from the core at its word, typed by the contract for the
 * call or event it belongs to. Arguments are checked by the core with the contract's zod schemas
 * (api/registry.ts); results and payloads are made by the core's handlers and emitter, which the
 * contract types at the source (Handlers, CoreEvents.emit), and cross the boundary as JSON or a
 * structured clone. Transports and the preload go through these two functions instead of casting.
 */
export function resultFromCore<N extends CallName>(_name: N, value: unknown): ResultOf<N> {
  return value as ResultOf<N>
}

export function payloadFromCore<E extends EventName>(_name: E, value: unknown): PayloadOf<E> {
  return value as PayloadOf<E>
}
