import { contextBridge, ipcRenderer } from 'electron'
import { callNames, eventNames } from '../src-shared/contract'
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../src-shared/ipc-channels'
import { EventListeners } from '../src-shared/event-listeners'
import type { BridgeApi } from '../src-shared/bridge'

/**
 * The preload bridge: `window.slate` holds one named method per call of the contract, a cancel,
 * and an event subscription limited to the contract's event names. The renderer never sees
 * ipcRenderer. Events arrive on ONE listener and are demultiplexed here; the main process sends
 * only what this window subscribed to.
 */
const methods: Record<string, (args: unknown, callId?: number, project?: string | null) => Promise<unknown>> = {}
for (const name of callNames) {
  methods[name] = (args: unknown, callId?: number, project?: string | null) =>
    ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args ?? {}, typeof callId === 'number' ? callId : null, typeof project === 'string' ? project : null)
}
const knownEvents = new Set<string>(eventNames)

const listeners = new EventListeners({
  subscribe: (name, key) => void ipcRenderer.invoke(IPC_SUBSCRIBE_CHANNEL, name, key, true).catch(() => undefined),
  unsubscribe: (name, key) => void ipcRenderer.invoke(IPC_SUBSCRIBE_CHANNEL, name, key, false).catch(() => undefined),
})
ipcRenderer.on(IPC_EVENT_CHANNEL, (_e, name: unknown, key: unknown, payload: unknown, project: unknown) => {
  if (typeof name === 'string') listeners.emit(name, typeof key === 'string' ? key : '', payload, typeof project === 'string' ? project : null)
})

const bridge: BridgeApi = {
  calls: Object.freeze(methods),
  cancel(callId) {
    if (typeof callId === 'number') ipcRenderer.send(IPC_CANCEL_CHANNEL, callId)
  },
  on(name, listener, key = null) {
    if (!knownEvents.has(name)) throw new Error(`Unknown event "${name}"`)
    if (typeof listener !== 'function') throw new Error('An event listener must be a function')
    return listeners.add(name, typeof key === 'string' ? key : null, listener)
  },
}

contextBridge.exposeInMainWorld('slate', Object.freeze(bridge))
