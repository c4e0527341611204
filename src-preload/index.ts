import { contextBridge, ipcRenderer } from 'electron'
import { callNames, eventNames } from '../src-shared/contract'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../src-shared/ipc-channels'
import type { BridgeApi } from '../src-shared/bridge'

/**
 * The preload bridge: `window.slate` holds one named method per call of the contract, and an
 * event subscription limited to the contract's event names. The renderer never sees ipcRenderer.
 */
const methods: Record<string, (args: unknown) => Promise<unknown>> = {}
for (const name of callNames) {
  methods[name] = (args: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args ?? {})
}
const knownEvents = new Set<string>(eventNames)

const bridge: BridgeApi = {
  calls: Object.freeze(methods),
  on(name, listener) {
    if (!knownEvents.has(name)) throw new Error(`Unknown event "${name}"`)
    const wrapped = (_e: unknown, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload)
    }
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped)
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped)
  },
}

contextBridge.exposeInMainWorld('slate', Object.freeze(bridge))
