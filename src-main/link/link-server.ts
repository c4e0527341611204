import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { EventEmitter } from 'node:events'
import { WebSocketServer, type RawData } from 'ws'
import type { Bus, BusSubscription } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import { RelayedPeer, relayRoute, type LinkPeerSocket, type RelayedUp } from './link-peer'
import { LinkProcess } from './link-process'
import {
  CLOSE_BAD_TOKEN,
  CLOSE_NO_HELLO,
  HELLO_TIMEOUT_MS,
  LINK_PATH,
  LINK_PROTOCOL,
  parseHello,
  parseUp,
  type CompileMessage,
  type FramesMessage,
  type LogsMessage,
} from './protocol'

export interface LinkServerOptions {
  host?: string
  port?: number
  token?: string
  /** frames kept per process in memory (default 1 h at 60 fps) */
  maxFrames?: number
  /** disconnected sessions kept for `resume` */
  keepDisconnected?: number
  helloTimeoutMs?: number
}

export interface LinkServerEvents {
  connected: [p: LinkProcess, resumed: boolean]
  disconnected: [p: LinkProcess]
  state: [p: LinkProcess]
  counters: [p: LinkProcess]
  frames: [p: LinkProcess, frames: FramesMessage['frames']]
  logs: [p: LinkProcess, entries: LogsMessage['entries'], dropped: number]
  compile: [p: LinkProcess, msg: CompileMessage]
  bad: [p: LinkProcess | null, why: string]
}

export interface CommandReply {
  ok: boolean
  result?: unknown
  error?: string
}

const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

/**
 * The core's end of the live link: a WebSocket listener on loopback at /link, separate from the
 * UI's API. Unity processes (Editor, development players) connect, authenticate with a token in
 * their first message, and become runtime sessions. Anything a process sends that is not a valid
 * protocol message is counted and dropped: a broken or hostile client can never crash the core.
 */
export class LinkServer extends EventEmitter<LinkServerEvents> {
  readonly token: string
  private http: http.Server | null = null
  private wss: WebSocketServer | null = null
  private readonly processes = new Map<string, LinkProcess>()
  /** messages that arrived before a hello or on an unauthenticated socket */
  badBeforeHello = 0
  private url_ = ''

  constructor(private readonly options: LinkServerOptions = {}) {
    super()
    this.token = options.token ?? crypto.randomBytes(24).toString('base64url')
  }

  get url(): string {
    return this.url_
  }

  async start(): Promise<string> {
    const server = http.createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' }).end('SLATE live link: connect with a WebSocket to /link\n')
    })
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== LINK_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve())
    })
    this.http = server
    this.wss = wss
    const addr = server.address() as AddressInfo
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address
    this.url_ = `ws://${host}:${addr.port}${LINK_PATH}`
    return this.url_
  }

  list(): LinkProcess[] {
    return [...this.processes.values()]
  }

  get(sessionId: string): LinkProcess | undefined {
    return this.processes.get(sessionId)
  }

  private tokenMatches(given: string, expected = this.token): boolean {
    const a = Buffer.from(given)
    const b = Buffer.from(expected)
    return a.length === b.length && crypto.timingSafeEqual(a, b)
  }

  /**
   * One Unity process's connection: a WebSocket on this machine's listener, or a player elsewhere
   * whose WebSocket reaches a relay (`slate services --only link`) that carries it over NATS. A
   * relayed hello names the route of this server's token (the relay hashed it; the token itself
   * never travels on the bus).
   */
  private accept(ws: LinkPeerSocket, expectedToken = this.token): void {
    let proc: LinkProcess | null = null
    const helloTimer = setTimeout(() => {
      if (!proc) ws.close(CLOSE_NO_HELLO, 'no hello')
    }, this.options.helloTimeoutMs ?? HELLO_TIMEOUT_MS)
    ws.on('error', () => {
      /* a reset connection: the close handler does the bookkeeping */
    })
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? null : rawToString(data)
      if (!proc) {
        const hello = text === null ? null : parseHello(text)
        if (!hello) {
          this.badBeforeHello++
          this.emit('bad', null, 'message before hello')
          return
        }
        if (!this.tokenMatches(hello.token, expectedToken)) {
          clearTimeout(helloTimer)
          ws.close(CLOSE_BAD_TOKEN, 'bad token')
          return
        }
        clearTimeout(helloTimer)
        proc = this.adopt(ws, hello.resume ?? null, hello.process ?? { kind: 'player' })
        return
      }
      const msg = text === null ? null : parseUp(text)
      if (!msg) {
        proc.badMessages++
        this.emit('bad', proc, 'not a protocol message')
        return
      }
      this.handle(proc, msg)
    })
    ws.on('close', () => {
      clearTimeout(helloTimer)
      if (proc && proc.socket === ws) {
        proc.socket = null
        proc.connected = false
        proc.stoppedAt = new Date().toISOString()
        proc.failPending('Unity disconnected before it answered')
        this.emit('disconnected', proc)
        this.evictOld()
      }
    })
  }

  private adopt(ws: LinkPeerSocket, resume: string | null, info: LinkProcess['info']): LinkProcess {
    let proc = resume ? this.processes.get(resume) : undefined
    const resumed = !!proc
    if (proc) {
      // A domain reload or network blip: the old socket may not have noticed yet.
      const old = proc.socket
      proc.socket = null
      if (old && old !== ws) old.close(1000, 'replaced by a newer connection')
      proc.info = { ...proc.info, ...info }
      proc.reconnects++
      proc.stoppedAt = null
    } else {
      proc = new LinkProcess(crypto.randomUUID(), info, this.options.maxFrames ?? 216_000)
      this.processes.set(proc.sessionId, proc)
    }
    proc.socket = ws
    proc.connected = true
    ws.send(JSON.stringify({ t: 'welcome', sessionId: proc.sessionId, protocol: LINK_PROTOCOL }))
    this.emit('connected', proc, resumed)
    return proc
  }

  private handle(proc: LinkProcess, msg: NonNullable<ReturnType<typeof parseUp>>): void {
    switch (msg.t) {
      case 'ping':
        proc.socket?.send('{"t":"pong"}')
        return
      case 'state':
        proc.setState(msg)
        this.emit('state', proc)
        return
      case 'counters':
        proc.setCounters(msg)
        this.emit('counters', proc)
        return
      case 'frames': {
        const now = Date.now()
        for (const f of msg.frames) proc.frames.push(f.i, f.time, f.v, now, proc.scale)
        proc.framesReceived += msg.frames.length
        const last = msg.frames[msg.frames.length - 1]
        if (last) proc.state.frame = last.i
        this.emit('frames', proc, msg.frames)
        return
      }
      case 'logs':
        proc.logLines += msg.entries.length
        proc.droppedLogs += msg.dropped ?? 0
        this.emit('logs', proc, msg.entries, msg.dropped ?? 0)
        return
      case 'compile':
        proc.lastCompile = msg
        proc.state.compiling = msg.phase !== 'finished'
        this.emit('compile', proc, msg)
        return
      case 'reply': {
        const pending = proc.pending.get(msg.id)
        if (!pending) {
          proc.badMessages++
          this.emit('bad', proc, `reply to unknown command ${msg.id}`)
          return
        }
        clearTimeout(pending.timer)
        proc.pending.delete(msg.id)
        pending.resolve({ ok: msg.ok, result: msg.result, error: msg.ok ? undefined : (msg.error ?? 'Unity refused the command') })
        return
      }
    }
  }

  /** Send a command and wait for its reply. Not connected or no answer in time: ok=false with why. */
  command(sessionId: string, name: string, args: Record<string, unknown> = {}, timeoutMs = 10_000): Promise<CommandReply> {
    const proc = this.processes.get(sessionId)
    if (!proc || !proc.connected || !proc.socket) return Promise.resolve({ ok: false, error: 'That Unity process is not connected' })
    const id = proc.nextCommandId++
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        proc.pending.delete(id)
        resolve({ ok: false, error: `Unity did not answer "${name}" within ${Math.round(timeoutMs / 1000)} s` })
      }, timeoutMs)
      proc.pending.set(id, { resolve, timer, name })
      proc.socket!.send(JSON.stringify({ t: 'cmd', id, name, args }))
    })
  }

  /** Forget disconnected sessions beyond the retention count, oldest first. */
  private evictOld(): void {
    const keep = this.options.keepDisconnected ?? 32
    const gone = this.list().filter((p) => !p.connected)
    for (const p of gone.slice(0, Math.max(0, gone.length - keep))) this.processes.delete(p.sessionId)
  }

  /**
   * Team mode: also take players relayed over NATS. Their messages arrive on this token's route
   * (link.<route>.up.<connection>), answers go to link.<route>.down.<connection>.
   */
  attachRelay(bus: Bus, S: Subjects): () => void {
    const route = relayRoute(this.token)
    const peers = new Map<string, RelayedPeer>()
    const sub: BusSubscription = bus.subscribe<RelayedUp>(S.linkUpAll(route), (m) => {
      const conn = m.subject.slice(m.subject.lastIndexOf('.') + 1)
      const data = m.data
      let peer = peers.get(conn)
      if (data?.closed) {
        if (peer) {
          peers.delete(conn)
          peer.remoteClosed()
        }
        return
      }
      if (typeof data?.text !== 'string') {
        this.badBeforeHello++
        return
      }
      if (!peer) {
        peer = new RelayedPeer((msg) => bus.publish(S.linkDown(route, conn), msg), () => peers.delete(conn))
        peers.set(conn, peer)
        this.accept(peer, `relay:${route}`)
      }
      peer.deliver(data.text)
    })
    this.relayStops.push(() => {
      sub.unsubscribe()
      for (const p of peers.values()) p.close(1001, 'SLATE is shutting down')
      peers.clear()
    })
    return () => sub.unsubscribe()
  }
  private readonly relayStops: (() => void)[] = []

  async close(): Promise<void> {
    for (const stop of this.relayStops.splice(0)) stop()
    for (const p of this.processes.values()) {
      p.failPending('SLATE is shutting down')
      p.socket?.close(1001, 'SLATE is shutting down')
    }
    this.wss?.close()
    const server = this.http
    this.http = null
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    }
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
