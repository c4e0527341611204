import type { SlateClient } from '../../src-shared/contract'
import type { BridgeApi } from '../../src-shared/bridge'
import { ApiError } from '../../src-shared/api-error'

/** Desktop transport: the preload's `window.slate` bridge (typed by the contract end to end). */
export function createIpcClient(bridge: BridgeApi): SlateClient {
  let nextCallId = 1
  return {
    transport: 'ipc',
    async call(name, args, options) {
      const signal = options?.signal
      if (signal?.aborted) throw new ApiError('cancelled', `${name} was cancelled`)
      const callId = nextCallId++
      const onAbort = () => bridge.cancel(callId)
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        const outcome = await bridge.call(name, args, callId, options?.project)
        if (!outcome.ok) throw ApiError.from(outcome.error)
        return outcome.result
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
    },
    on(name, listener, key) {
      return bridge.on(name, listener, key ?? null)
    },
  }
}
