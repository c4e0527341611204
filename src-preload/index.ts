import { contextBridge, ipcRenderer } from 'electron'
import { callNames, eventNames, type CallName, type EventName } from '../src-shared/contract'
import type { CallOutcome } from '../src-shared/api-error'
import { resultFromCore } from '../src-shared/from-core'
import { IPC_CALL_CHANNEL, IPC_CANCEL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../src-shared/ipc-channels'
import { EventListeners } from '../src-shared/event-listeners'
import type { BridgeApi } from '../src-shared/bridge'

/**
 * The preload bridge: `window.slate` holds a call limited to the contract's call names, a cancel,
 * and an event subscription limited to the contract's event names, all typed by the contract. The
 * renderer never sees ipcRenderer. Events arrive on ONE listener and are demultiplexed here; the
 * main process sends only what this window subscribed to.
 */
const knownCalls = new Set<string>(callNames)
const knownEvents = new Set<string>(eventNames)
const isEventName = (name: string): name is EventName => knownEvents.has(name)
const isCallName = (name: string): name is CallName => knownCalls.has(name)

const listeners = new EventListeners({
  subscribe: (name, key) => void ipcRenderer.invoke(IPC_SUBSCRIBE_CHANNEL, name, key, true).catch(() => undefined),
  unsubscribe: (name, key) => void ipcRenderer.invoke(IPC_SUBSCRIBE_CHANNEL, name, key, false).catch(() => undefined),
})
ipcRenderer.on(IPC_EVENT_CHANNEL, (_e, name: unknown, key: unknown, payload: unknown, project: unknown) => {
  if (typeof name === 'string' && isEventName(name)) listeners.emit(name, typeof key === 'string' ? key : '', payload, typeof project === 'string' ? project : null)
})

const bridge: BridgeApi = {
  async call(name, args, callId, project) {
    if (typeof name !== 'string' || !isCallName(name)) return { ok: false, error: { code: 'unknown_method', message: `Unknown call "${String(name).slice(0, 100)}"` } }
    const outcome: CallOutcome = await ipcRenderer.invoke(IPC_CALL_CHANNEL, name, args ?? {}, typeof callId === 'number' ? callId : null, typeof project === 'string' ? project : null)
    return outcome.ok ? { ok: true, result: resultFromCore(name, outcome.result) } : outcome
  },
  cancel(callId) {
    if (typeof callId === 'number') ipcRenderer.send(IPC_CANCEL_CHANNEL, callId)
  },
  on(name, listener, key = null) {
    if (!isEventName(name)) throw new Error(`Unknown event "${String(name)}"`)
    if (typeof listener !== 'function') throw new Error('An event listener must be a function')
    return listeners.add(name, typeof key === 'string' ? key : null, listener)
  },
}

contextBridge.exposeInMainWorld('slate', Object.freeze(bridge))
