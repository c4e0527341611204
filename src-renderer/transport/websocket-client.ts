import type { EventName, SlateClient } from '../../src-shared/contract'
import { ApiError, type ApiErrorShape } from '../../src-shared/api-error'

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void }
type Incoming =
  | { id: number | null; ok: true; result: unknown }
  | { id: number | null; ok: false; error: ApiErrorShape }
  | { event: EventName; payload: unknown }

export type ConnectionListener = (state: 'connecting' | 'open' | 'closed') => void

/**
 * Web transport for `slate serve`: the same contract over one WebSocket. Calls made while the
 * socket is (re)connecting wait for it; the socket reconnects with backoff if the server restarts.
 */
export function createWebSocketClient(url: string, onState?: ConnectionListener): SlateClient {
  let socket: WebSocket | null = null
  let nextId = 1
  let backoffMs = 250
  const pending = new Map<number, Pending>()
  const outbox: string[] = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()

  const connect = () => {
    onState?.('connecting')
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      backoffMs = 250
      onState?.('open')
      for (const msg of outbox.splice(0)) ws.send(msg)
    }
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as Incoming
      if ('event' in msg) {
        for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
        return
      }
      const p = msg.id === null ? undefined : pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id as number)
      if (msg.ok) p.resolve(msg.result)
      else p.reject(ApiError.from(msg.error))
    }
    ws.onclose = () => {
      onState?.('closed')
      for (const [id, p] of pending) {
        p.reject(new ApiError('unavailable', 'Connection to the SLATE server was lost'))
        pending.delete(id)
      }
      setTimeout(connect, backoffMs)
      backoffMs = Math.min(backoffMs * 2, 5000)
    }
  }
  connect()

  return {
    transport: 'websocket',
    call(name, args) {
      const id = nextId++
      const msg = JSON.stringify({ id, method: name, args })
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
        if (socket?.readyState === WebSocket.OPEN) socket.send(msg)
        else outbox.push(msg)
      })
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(name, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
}
