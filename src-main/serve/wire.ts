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
}
export type WireResponse = { id: number | null } & CallOutcome
export interface WireEvent {
  event: string
  /** The event's key under its contract delivery (job id, session id, …; '' when it has none). */
  key: string
  payload: unknown
}

/** Close code the server uses when it drops a connection that stopped reading its output. */
export const CLOSE_SLOW_READER = 4008
