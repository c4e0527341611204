import type { SlateClient } from '../../src-shared/contract'
import { ApiError, type CallOutcome } from '../../src-shared/api-error'
import { EventListeners } from '../../src-shared/event-listeners'
import { resultFromCore } from '../../src-shared/from-core'

/** A call waiting for its answer; `settle` was made by call() for that call's name and result type. */
type Pending = { settle: (outcome: CallOutcome) => void; reject: (e: Error) => void; cleanup: () => void }
/** What the server sends, as JSON: an outcome for a call id, or an event (names checked by the listener table). */
type Incoming = ({ id: number | null } & CallOutcome) | { event: string; key?: string; payload: unknown; project?: string | null }

export type ConnectionListener = (state: 'connecting' | 'open' | 'closed') => void

/**
 * Web transport for `slate serve`: the same contract over one WebSocket. Calls made while the
 * socket is (re)connecting wait for it; the socket reconnects with backoff if the server restarts
 * and then re-sends the client's event subscriptions. A call's AbortSignal sends a cancel message.
 */
export function createWebSocketClient(url: string, onState?: ConnectionListener): SlateClient {
  let socket: WebSocket | null = null
  let nextId = 1
  let backoffMs = 250
  const pending = new Map<number, Pending>()
  let outbox: string[] = []

  const post = (msg: object) => {
    const text = JSON.stringify(msg)
    if (socket?.readyState === WebSocket.OPEN) socket.send(text)
    else outbox.push(text)
  }
  const control = (msg: object) => post({ id: nextId++, ...msg })
  const listeners = new EventListeners({
    subscribe: (name, key) => control({ subscribe: name, key }),
    unsubscribe: (name, key) => control({ unsubscribe: name, key }),
  })

  const connect = () => {
    onState?.('connecting')
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      backoffMs = 250
      onState?.('open')
      // The server forgot this client's subscriptions with the old socket: announce them again
      // (subscribe messages queued meanwhile are dropped, the table is the truth).
      const calls = outbox.filter((m) => !/^\{"id":\d+,"(un)?subscribe"/.test(m))
      outbox = []
      for (const s of listeners.active()) ws.send(JSON.stringify({ id: nextId++, subscribe: s.name, key: s.key }))
      for (const msg of calls) ws.send(msg)
    }
    ws.onmessage = (ev) => {
      let msg: Incoming
      try {
        msg = JSON.parse(String(ev.data))
      } catch {
        return
      }
      if ('event' in msg) {
        listeners.emit(msg.event, msg.key ?? '', msg.payload, msg.project ?? null)
        return
      }
      if (msg.id === null) return
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      p.cleanup()
      p.settle(msg)
    }
    ws.onclose = (ev) => {
      onState?.('closed')
      const error =
        ev.code === 1009
          ? new ApiError('too_large', 'A message was larger than the SLATE server accepts; the connection was reset')
          : new ApiError('unavailable', 'Connection to the SLATE server was lost')
      for (const [id, p] of pending) {
        p.cleanup()
        p.reject(error)
        pending.delete(id)
      }
      setTimeout(connect, backoffMs)
      backoffMs = Math.min(backoffMs * 2, 5000)
    }
  }
  connect()

  return {
    transport: 'websocket',
    call(name, args, options) {
      const signal = options?.signal
      if (signal?.aborted) return Promise.reject(new ApiError('cancelled', `${name} was cancelled`))
      const id = nextId++
      const msg = JSON.stringify(options?.project !== undefined ? { id, method: name, args, project: options.project } : { id, method: name, args })
      return new Promise((resolve, reject) => {
        const onAbort = () => post({ cancel: id })
        signal?.addEventListener('abort', onAbort, { once: true })
        const cleanup = () => signal?.removeEventListener('abort', onAbort)
        const settle = (o: CallOutcome) => (o.ok ? resolve(resultFromCore(name, o.result)) : reject(ApiError.from(o.error)))
        pending.set(id, { settle, reject, cleanup })
        if (socket?.readyState === WebSocket.OPEN) socket.send(msg)
        else outbox.push(msg)
      })
    },
    on(name, listener, key) {
      return listeners.add(name, key ?? null, listener)
    },
  }
}
