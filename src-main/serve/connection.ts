import type { WebSocket, RawData } from 'ws'
import type { SlateCore } from '../host/slate-core'
import { dispatch } from '../api/registry'
import { ClientSubscriptions } from '../api/subscriptions'
import { ApiError } from '../../src-shared/contract-kit'
import type { ServerLimits } from './limits'
import { CLOSE_SLOW_READER, type WireEvent, type WireResponse } from './wire'

/** What the server can see of one connection (for `stats()` and tests). */
export interface ConnectionStats {
  callsInFlight: number
  queuedCalls: number
  queuedOutputBytes: number
  /** The most output this connection ever had queued (bounded by the limits; tests check it). */
  peakOutputBytes: number
  paused: boolean
}

type Incoming = { id?: unknown; method?: unknown; args?: unknown; project?: unknown; cancel?: unknown; subscribe?: unknown; unsubscribe?: unknown; key?: unknown }

/**
 * One WebSocket client of `slate serve`. Every input path is total: a bad frame, a bad message or
 * a socket error ends at most this connection, never the process.
 *
 * Backpressure both ways:
 * - requests: at most `maxCallsInFlight` calls run at once; beyond that the socket is paused (the
 *   kernel and the client hold the rest) and queued messages run as calls finish;
 * - responses and events: bytes handed to the socket but not yet written are counted; above
 *   `pauseAboveBytes` the server stops reading requests from this client; above `dropAboveBytes`
 *   (or when a paused client takes nothing for `stalledForMs`) the connection is dropped, its
 *   calls are cancelled and its buffers released.
 */
export class Connection {
  private readonly inFlight = new Map<number, AbortController>()
  private readonly queue: RawData[] = []
  private readonly subscriptions: ClientSubscriptions
  private queuedBytes = 0
  private queuedRequestBytes = 0
  private peakBytes = 0
  private pausedForOutput = false
  private pausedForCalls = false
  private stallTimer: ReturnType<typeof setTimeout> | null = null
  private closed = false

  constructor(
    private readonly core: SlateCore,
    private readonly ws: WebSocket,
    private readonly limits: ServerLimits,
    private readonly onClosed: (dropped: string | null) => void,
  ) {
    this.subscriptions = new ClientSubscriptions(core.events, (event, key, payload, project) => this.send({ event, key, payload, project } satisfies WireEvent))
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary))
    // Protocol errors (invalid UTF-8, oversized frames, bad opcodes) arrive here; ws then closes
    // the connection with the matching code (1007, 1009, 1002). Without a listener they would throw.
    ws.on('error', (err) => {
      // ws names its protocol errors WS_ERR_*: the peer's fault, answered by the close code alone.
      if (!String((err as { code?: unknown }).code ?? '').startsWith('WS_ERR_')) console.warn('slate serve: socket error:', err.message)
      this.close()
    })
    ws.on('close', () => this.close())
  }

  stats(): ConnectionStats {
    return {
      callsInFlight: this.inFlight.size,
      queuedCalls: this.queue.length,
      queuedOutputBytes: this.queuedBytes,
      peakOutputBytes: this.peakBytes,
      paused: this.pausedForOutput || this.pausedForCalls,
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return
    if (isBinary) {
      this.send({ id: null, ok: false, error: { code: 'invalid_argument', message: 'Binary frames are not part of the protocol: send JSON text' } })
      return
    }
    if (this.inFlight.size >= this.limits.maxCallsInFlight || this.queue.length > 0) {
      // The socket is paused below; what ws had already read arrives still and waits here. That
      // is bounded by one read of the socket (plus one message), so this cap is only a backstop.
      const size = rawLength(data)
      if (this.queuedRequestBytes + size > 2 * this.limits.maxMessageBytes) {
        this.send({ id: peekId(data), ok: false, error: { code: 'busy', message: `Too many calls at once on this connection (at most ${this.limits.maxCallsInFlight} running)` } })
        return
      }
      this.queue.push(data)
      this.queuedRequestBytes += size
      this.setPaused('calls', true)
      return
    }
    this.handle(data)
  }

  private handle(data: RawData): void {
    let msg: Incoming
    try {
      msg = JSON.parse(rawToString(data)) as Incoming
    } catch {
      this.send({ id: null, ok: false, error: { code: 'invalid_argument', message: 'Message is not valid JSON' } })
      return
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      this.send({ id: null, ok: false, error: { code: 'invalid_argument', message: 'A message is a JSON object' } })
      return
    }
    if ('cancel' in msg) {
      if (typeof msg.cancel === 'number') this.inFlight.get(msg.cancel)?.abort(new ApiError('cancelled', 'Cancelled by the client'))
      return
    }
    const id = typeof msg.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null
    if (id === null) {
      this.send({ id: null, ok: false, error: { code: 'invalid_argument', message: 'A request needs a numeric "id"' } })
      return
    }
    if ('subscribe' in msg || 'unsubscribe' in msg) {
      try {
        if ('subscribe' in msg) this.subscriptions.subscribe(msg.subscribe, msg.key ?? null)
        else this.subscriptions.unsubscribe(msg.unsubscribe, msg.key ?? null)
        this.send({ id, ok: true, result: null })
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('internal', String(err))
        this.send({ id, ok: false, error: e.toJSON() })
      }
      return
    }
    if (typeof msg.method !== 'string') {
      this.send({ id, ok: false, error: { code: 'invalid_argument', message: 'A request needs a string "method"' } })
      return
    }
    if (this.inFlight.has(id)) {
      this.send({ id, ok: false, error: { code: 'invalid_argument', message: `A call with id ${id} is already running on this connection` } })
      return
    }
    const controller = new AbortController()
    this.inFlight.set(id, controller)
    void dispatch(this.core, msg.method, msg.args, { signal: controller.signal, project: msg.project })
      .catch((err: unknown): WireResponse => ({ id, ok: false, error: { code: 'internal', message: String(err) } }))
      .then((outcome) => {
        this.inFlight.delete(id)
        this.send({ id, ...outcome } as WireResponse)
        this.drainQueue()
      })
  }

  private drainQueue(): void {
    while (!this.closed && this.queue.length > 0 && this.inFlight.size < this.limits.maxCallsInFlight) {
      const next = this.queue.shift()!
      this.queuedRequestBytes -= rawLength(next)
      this.handle(next)
    }
    if (this.queue.length === 0) this.setPaused('calls', false)
  }

  private send(msg: WireResponse | WireEvent): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return
    let body: Buffer
    try {
      body = Buffer.from(JSON.stringify(msg))
    } catch (err) {
      // A result that cannot be serialised (a cycle, a BigInt) is a bug of ours; the caller still gets an answer.
      if ('id' in msg) body = Buffer.from(JSON.stringify({ id: msg.id, ok: false, error: { code: 'internal', message: `Result could not be sent: ${String(err)}` } }))
      else return
    }
    if (this.queuedBytes > 0 && this.queuedBytes + body.length > this.limits.dropAboveBytes) {
      this.drop(`its output is over ${this.limits.dropAboveBytes} bytes and it is not reading`)
      return
    }
    this.queuedBytes += body.length
    if (this.queuedBytes > this.peakBytes) this.peakBytes = this.queuedBytes
    if (this.queuedBytes > this.limits.pauseAboveBytes) this.setPaused('output', true)
    this.ws.send(body, { binary: false }, () => {
      this.queuedBytes -= body.length
      if (this.queuedBytes <= this.limits.pauseAboveBytes / 2) this.setPaused('output', false)
      else this.armStallTimer()
    })
  }

  private setPaused(reason: 'output' | 'calls', on: boolean): void {
    if (reason === 'output') this.pausedForOutput = on
    else this.pausedForCalls = on
    if (this.closed) return
    if (this.pausedForOutput || this.pausedForCalls) this.ws.pause()
    else this.ws.resume()
    if (this.pausedForOutput) this.armStallTimer()
    else if (this.stallTimer) {
      clearTimeout(this.stallTimer)
      this.stallTimer = null
    }
  }

  /** Restarted whenever some output is written: only a client that takes nothing at all is dropped. */
  private armStallTimer(): void {
    if (this.closed || !this.pausedForOutput) return
    if (this.stallTimer) clearTimeout(this.stallTimer)
    this.stallTimer = setTimeout(() => this.drop(`it took no output for ${this.limits.stalledForMs} ms`), this.limits.stalledForMs)
  }

  private drop(why: string): void {
    if (this.closed) return
    console.warn(`slate serve: dropped a client: ${why}`)
    this.droppedFor = why
    // terminate() destroys the socket at once: whatever was queued for it is released.
    this.ws.close(CLOSE_SLOW_READER, 'slow reader')
    this.ws.terminate()
    this.close()
  }

  private droppedFor: string | null = null

  /** Idempotent: cancel this client's calls, forget its subscriptions and timers. */
  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.stallTimer) clearTimeout(this.stallTimer)
    this.subscriptions.dispose()
    for (const c of this.inFlight.values()) c.abort(new ApiError('cancelled', 'The client went away'))
    this.inFlight.clear()
    this.queue.length = 0
    if (this.ws.readyState !== this.ws.CLOSED) this.ws.terminate()
    this.onClosed(this.droppedFor)
  }
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0)
  return data.byteLength
}

/** The id of a message that is refused unread, so the client can match the refusal to its call. */
function peekId(data: RawData): number | null {
  try {
    const id = (JSON.parse(rawToString(data)) as { id?: unknown })?.id
    return typeof id === 'number' ? id : null
  } catch {
    return null
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
