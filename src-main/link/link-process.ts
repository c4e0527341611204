import type { LinkPeer } from './link-peer'
import { FrameRing } from './frame-ring'
import type { CompileMessage, CountersMessage, ProcessInfo, StateMessage } from './protocol'

export interface LinkCounter {
  id: number
  name: string
  category: string
  /** after conversion at ingest: ns frame times are stored as ms */
  unit: 'ms' | 'bytes' | 'count' | 'percent'
}

export interface LinkState {
  playMode: StateMessage['playMode']
  compiling: boolean
  timeScale: number
  targetFrameRate: number
  frame: number
}

export interface PendingCommand {
  resolve: (reply: { ok: boolean; result?: unknown; error?: string }) => void
  timer: NodeJS.Timeout
  name: string
}

/** One connected (or recently connected) Unity process: a runtime session. */
export class LinkProcess {
  socket: LinkPeer | null = null
  connected = false
  readonly startedAt = new Date().toISOString()
  stoppedAt: string | null = null
  state: LinkState = { playMode: 'edit', compiling: false, timeScale: 1, targetFrameRate: -1, frame: 0 }
  counters: LinkCounter[] = []
  /** multiplier per counter id applied at ingest (ns → ms) */
  scale = new Float32Array(0)
  readonly frames: FrameRing
  badMessages = 0
  droppedLogs = 0
  logLines = 0
  framesReceived = 0
  reconnects = 0
  lastCompile: CompileMessage | null = null
  nextCommandId = 1
  readonly pending = new Map<number, PendingCommand>()

  constructor(
    readonly sessionId: string,
    public info: ProcessInfo,
    maxFrames: number,
  ) {
    this.frames = new FrameRing(maxFrames)
  }

  get label(): string {
    const kind = this.info.kind === 'editor' ? 'Editor' : 'Player'
    const what = this.info.productName ? `${this.info.productName} ` : ''
    return `${what}${kind}${this.info.platform ? ` (${this.info.platform})` : ''}${this.info.pid ? ` pid ${this.info.pid}` : ''}`
  }

  setCounters(msg: CountersMessage): void {
    const byId = new Map<number, LinkCounter>()
    for (const c of msg.counters) {
      byId.set(c.id, { id: c.id, name: c.name, category: c.category ?? '', unit: c.unit === 'ns' ? 'ms' : c.unit })
    }
    this.counters = [...byId.values()].sort((a, b) => a.id - b.id)
    const width = this.counters.length ? this.counters[this.counters.length - 1].id + 1 : 0
    this.scale = new Float32Array(width).fill(1)
    for (const c of msg.counters) if (c.unit === 'ns') this.scale[c.id] = 1e-6
    this.frames.setWidth(width)
  }

  setState(msg: StateMessage): void {
    this.state = {
      playMode: msg.playMode,
      compiling: msg.compiling ?? this.state.compiling,
      timeScale: msg.timeScale ?? this.state.timeScale,
      targetFrameRate: msg.targetFrameRate ?? this.state.targetFrameRate,
      frame: msg.frame ?? this.state.frame,
    }
  }

  /** Every waiting command fails at once (the process went away). */
  failPending(error: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      this.pending.delete(id)
      p.resolve({ ok: false, error })
    }
  }
}
