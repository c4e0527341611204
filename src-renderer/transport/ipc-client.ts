import type { SlateClient } from '../../src-shared/contract'
import type { BridgeApi, BridgeOutcome } from '../../src-shared/bridge'
import { ApiError } from '../../src-shared/api-error'

/** Desktop transport: the preload's `window.slate` bridge. */
export function createIpcClient(bridge: BridgeApi): SlateClient {
  let nextCallId = 1
  return {
    transport: 'ipc',
    async call(name, args, options) {
      const method = bridge.calls[name]
      if (!method) throw new ApiError('unknown_method', `Unknown call "${name}"`)
      const signal = options?.signal
      if (signal?.aborted) throw new ApiError('cancelled', `${name} was cancelled`)
      const callId = nextCallId++
      const onAbort = () => bridge.cancel(callId)
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        const outcome = (await method(args, callId, options?.project)) as BridgeOutcome
        if (!outcome.ok) throw ApiError.from(outcome.error)
        return outcome.result as never
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
    },
    on(name, listener, key) {
      return bridge.on(name, listener as (p: unknown, project: string | null) => void, key ?? null)
    },
  }
}
