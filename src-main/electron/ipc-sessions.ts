import type { SlateCore } from '../host/slate-core'
import { dispatch, type CallOutcome } from '../api/registry'
import { ClientSubscriptions } from '../api/subscriptions'
import { ApiError } from '../../src-shared/contract-kit'

/** The part of a WebContents the IPC sessions need (kept narrow so it is testable without Electron). */
export interface IpcPeer {
  readonly id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
  once(event: 'destroyed', listener: () => void): unknown
}

const MAX_CALLS_IN_FLIGHT = 256

/**
 * Per-window state of the IPC transport: the window's event subscriptions and its running calls
 * (so a cancel from the window aborts the right one). Everything goes when the window does.
 */
export class IpcSessions {
  private readonly sessions = new Map<number, { subs: ClientSubscriptions; calls: Map<number, AbortController> }>()

  constructor(
    private readonly core: SlateCore,
    private readonly eventChannel: string,
  ) {}

  private session(peer: IpcPeer) {
    let s = this.sessions.get(peer.id)
    if (!s) {
      const subs = new ClientSubscriptions(this.core.events, (name, key, payload, project) => {
        if (!peer.isDestroyed()) peer.send(this.eventChannel, name, key, payload, project)
      })
      s = { subs, calls: new Map() }
      this.sessions.set(peer.id, s)
      peer.once('destroyed', () => this.forget(peer.id))
    }
    return s
  }

  /** `project`: the root the window made the call for (see dispatch). */
  async call(peer: IpcPeer, name: unknown, args: unknown, callId: unknown, project?: unknown): Promise<CallOutcome> {
    const s = this.session(peer)
    const id = typeof callId === 'number' && Number.isSafeInteger(callId) ? callId : null
    if (s.calls.size >= MAX_CALLS_IN_FLIGHT) return { ok: false, error: { code: 'busy', message: `Too many calls at once from this window (at most ${MAX_CALLS_IN_FLIGHT})` } }
    const controller = new AbortController()
    if (id !== null) s.calls.set(id, controller)
    try {
      return await dispatch(this.core, typeof name === 'string' ? name : '', args, { signal: controller.signal, project })
    } finally {
      if (id !== null && s.calls.get(id) === controller) s.calls.delete(id)
    }
  }

  cancel(peer: IpcPeer, callId: unknown): void {
    if (typeof callId === 'number') this.sessions.get(peer.id)?.calls.get(callId)?.abort(new ApiError('cancelled', 'Cancelled by the window'))
  }

  subscribe(peer: IpcPeer, name: unknown, key: unknown, on: unknown): CallOutcome {
    try {
      const s = this.session(peer)
      if (on === true) s.subs.subscribe(name, key ?? null)
      else s.subs.unsubscribe(name, key ?? null)
      return { ok: true, result: null }
    } catch (err) {
      return { ok: false, error: (err instanceof ApiError ? err : new ApiError('internal', String(err))).toJSON() }
    }
  }

  forget(peerId: number): void {
    const s = this.sessions.get(peerId)
    if (!s) return
    this.sessions.delete(peerId)
    s.subs.dispose()
    for (const c of s.calls.values()) c.abort(new ApiError('cancelled', 'The window went away'))
  }

  dispose(): void {
    for (const id of [...this.sessions.keys()]) this.forget(id)
  }
}
