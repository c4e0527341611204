import type { CallOutcome } from './api-error'
import type { ArgsOf, CallName, EventName, PayloadOf, ResultOf } from './contract'

/** The shape of `window.slate` that the preload exposes (desktop only), typed by the contract. */
export interface BridgeApi {
  /**
   * Make a call of the contract; resolves to the registry's outcome, never rejects for API errors
   * (an unknown name is an `unknown_method` outcome). `callId` lets `cancel` name the call;
   * `project` is the project (root) the call is made for (CallOptions.project).
   */
  call<N extends CallName>(name: N, args: ArgsOf<N>, callId?: number, project?: string | null): Promise<CallOutcome<ResultOf<N>>>
  /** Cancel a running call by the id it was started with. */
  cancel(callId: number): void
  /**
   * Listen to an event (optionally one key); the preload subscribes with the main process on the
   * first listener, unsubscribes on the last. `project`: the root of the project the event belongs to.
   */
  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>, project: string | null) => void, key?: string | null): () => void
}
