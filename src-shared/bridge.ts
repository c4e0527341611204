import type { CallOutcome } from './api-error'

/** The shape of `window.slate` that the preload exposes (desktop only). */
export interface BridgeApi {
  /** One method per call name; resolves to the registry's outcome, never rejects for API errors. `callId` lets `cancel` name the call. */
  calls: Readonly<Record<string, (args: unknown, callId?: number, project?: string | null) => Promise<unknown>>>
  /** Cancel a running call by the id it was started with. */
  cancel(callId: number): void
  /** Listen to an event (optionally one key); the preload subscribes with the main process on the first listener, unsubscribes on the last. */
  on(name: string, listener: (payload: unknown, project: string | null) => void, key?: string | null): () => void
}

export type BridgeOutcome = CallOutcome
