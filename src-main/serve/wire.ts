import type { CallOutcome } from '../../src-shared/api-error'

/**
 * Messages on the `slate serve` WebSocket (JSON text frames, one message per frame). The
 * renderer's transport (src-renderer/transport/websocket-client.ts) speaks the same shapes.
 *
 * Client → server:
 * - a call:        `{ id, method, args }`                      → one WireResponse with the same id
 * - cancel a call: `{ cancel: <id of the call> }`              → the call answers `cancelled`
 * - subscribe:     `{ id, subscribe: <event>, key?: string }`  → `{ id, ok: true, result: null }`
 * - unsubscribe:   `{ id, unsubscribe: <event>, key?: string }`
 * Server → client: WireResponse, and WireEvent for subscribed events only.
 */
export interface WireRequest {
  id: number
  method: string
  args?: unknown
  /**
   * The project (root) the page made this call for. A call of a project-bound area for another
   * project than the open one is refused with `conflict` (registry.ts): a view of a project that
   * was switched away cannot read or write in the next one.
   */
  project?: string | null
}
export type WireResponse = { id: number | null } & CallOutcome
export interface WireEvent {
  event: string
  /** The event's key under its contract delivery (job id, session id, …; '' when it has none). */
  key: string
  payload: unknown
  /** The project (root) the event belongs to; null when it belongs to none. */
  project: string | null
}

/** Close code the server uses when it drops a connection that stopped reading its output. */
export const CLOSE_SLOW_READER = 4008
