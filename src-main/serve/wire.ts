import type { ApiErrorShape } from '../../src-shared/contract-kit'

/** Messages on the `slate serve` WebSocket. The renderer's transport speaks the same shapes. */
export interface WireRequest {
  id: number
  method: string
  args?: unknown
}
export type WireResponse = { id: number | null; ok: true; result: unknown } | { id: number | null; ok: false; error: ApiErrorShape }
export interface WireEvent {
  event: string
  payload: unknown
}
