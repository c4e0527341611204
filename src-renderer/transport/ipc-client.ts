import type { SlateClient } from '../../src-shared/contract'
import type { BridgeApi, BridgeOutcome } from '../../src-shared/bridge'
import { ApiError } from '../../src-shared/api-error'

/** Desktop transport: the preload's `window.slate` bridge. */
export function createIpcClient(bridge: BridgeApi): SlateClient {
  return {
    transport: 'ipc',
    async call(name, args) {
      const method = bridge.calls[name]
      if (!method) throw new ApiError('unknown_method', `Unknown call "${name}"`)
      const outcome = (await method(args)) as BridgeOutcome
      if (!outcome.ok) throw ApiError.from(outcome.error)
      return outcome.result as never
    },
    on(name, listener) {
      return bridge.on(name, listener as (p: unknown) => void)
    },
  }
}
