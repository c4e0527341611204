import { z } from 'zod'

/**
 * Building blocks for the API contract. A call pairs a zod schema for its arguments (validated at
 * every boundary: IPC and WebSocket) with a result type that is only known to TypeScript. Results
 * come from our own core, so they are not re-validated; arguments come from a renderer or a browser
 * and always are.
 */
export interface CallSpec<A extends z.ZodType, R> {
  args: A
  /** Phantom field: carries the result type, never read at run time. */
  result?: R
  /** One line of help, shown by `slate api` and in error messages. */
  doc: string
}

export function call<R>() {
  return <A extends z.ZodType>(args: A, doc: string): CallSpec<A, R> => ({ args, doc })
}

/**
 * How an event reaches a subscribed client. Both transports apply it per client:
 * - `every`: each emitted payload is sent, in order.
 * - `latest`: coalesced per key — the client gets the first value at once, then at most
 *   `perSecond` values per second per key, always the newest one; the last value of a burst is
 *   always delivered (trailing flush). For streams where only the current state matters
 *   (a 60 Hz profiler sample, a console source's counts).
 * `key` names the thing a payload is about (a job id, a session id, a console source); clients
 * may subscribe to one key only, and `latest` coalesces per key. Without it every payload has
 * the same key ('').
 */
export type EventDelivery<P> =
  | { mode: 'every'; key?: (payload: P) => string }
  | { mode: 'latest'; perSecond: number; key?: (payload: P) => string }

export interface EventSpec<P> {
  payload?: P
  doc: string
  delivery: EventDelivery<P>
}

/** Any event's spec, whatever its payload (for `satisfies` and for code that walks the contract). */
export interface AnyEventSpec {
  payload?: unknown
  doc: string
  delivery: EventDelivery<never>
}

export function event<P>(doc: string, delivery: EventDelivery<P> = { mode: 'every' }): EventSpec<P> {
  if (delivery.mode === 'latest' && !(delivery.perSecond > 0 && Number.isFinite(delivery.perSecond))) {
    throw new Error(`event "${doc}": a coalesced event needs perSecond > 0`)
  }
  return { doc, delivery }
}

/** The key of one payload under its event's delivery ('' when the event has no key). */
export function eventKey(spec: AnyEventSpec, payload: unknown): string {
  const k = spec.delivery.key as ((p: unknown) => string) | undefined
  if (!k) return ''
  try {
    return String(k(payload))
  } catch {
    return ''
  }
}

export { ApiError, type ApiErrorCode, type ApiErrorShape } from './api-error'

/** A project-relative path as the renderer sends it. Confinement to the project is checked in the core. */
export const projectPath = z.string().min(1).max(4096)
