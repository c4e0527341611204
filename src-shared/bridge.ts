import type { ApiErrorShape } from './api-error'

/** The shape of `window.slate` that the preload exposes (desktop only). */
export interface BridgeApi {
  /** One method per call name; resolves to the registry's outcome, never rejects for API errors. */
  calls: Readonly<Record<string, (args: unknown) => Promise<unknown>>>
  on(name: string, listener: (payload: unknown) => void): () => void
}

export type BridgeOutcome = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape }
