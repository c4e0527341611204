/**
 * The frames of one connected process, kept in memory for the Profiler view: a ring of fixed-size
 * chunks (Float32 values per counter id, NaN = not sampled), bounded by a frame count so a long
 * session or a fast frame rate can never grow the core without limit. 1 h at 60 fps of 100
 * counters is 216,000 frames × 100 × 4 bytes ≈ 86 MB; the default bound is that hour.
 */
export const CHUNK_FRAMES = 1024

interface Chunk {
  width: number
  count: number
  index: Int32Array
  time: Float64Array
  /** wall clock (ms since epoch) the frame reached the core: ranges like "last 5 minutes" use it */
  received: Float64Array
  values: Float32Array
}

export interface FrameColumns {
  /** Unity frame numbers */
  index: number[]
  /** Unity's realtimeSinceStartup in seconds, when sent */
  time: (number | null)[]
  received: number[]
  /** per requested counter id: values aligned to index (null = not sampled) */
  series: Record<number, (number | null)[]>
}

export class FrameRing {
  private chunks: Chunk[] = []
  private total = 0

  constructor(
    readonly maxFrames = 216_000,
    private width = 0,
  ) {}

  get size(): number {
    return this.total
  }

  /** Bytes held by the typed arrays (what the memory bench reports next to the heap). */
  get bytes(): number {
    let b = 0
    for (const c of this.chunks) b += c.index.byteLength + c.time.byteLength + c.received.byteLength + c.values.byteLength
    return b
  }

  setWidth(width: number): void {
    this.width = Math.max(this.width, width)
  }

  push(i: number, time: number | undefined, v: readonly (number | null)[], received: number, scale?: Float32Array): void {
    let c = this.chunks[this.chunks.length - 1]
    const width = Math.max(this.width, v.length)
    if (!c || c.count === CHUNK_FRAMES || c.width < width) {
      c = {
        width,
        count: 0,
        index: new Int32Array(CHUNK_FRAMES),
        time: new Float64Array(CHUNK_FRAMES),
        received: new Float64Array(CHUNK_FRAMES),
        values: new Float32Array(CHUNK_FRAMES * width).fill(NaN),
      }
      this.chunks.push(c)
      this.width = width
    }
    const k = c.count++
    c.index[k] = i
    c.time[k] = time ?? NaN
    c.received[k] = received
    const base = k * c.width
    for (let j = 0; j < v.length; j++) {
      const x = v[j]
      if (x !== null && Number.isFinite(x)) c.values[base + j] = scale ? x * scale[j] : x
    }
    this.total++
    while (this.total - this.chunks[0].count >= this.maxFrames && this.chunks.length > 1) {
      this.total -= this.chunks[0].count
      this.chunks.shift()
    }
  }

  /** The frames received at or after `since` (ms epoch), at most `limit` (the newest ones). */
  columns(ids: number[], opts: { since?: number; limit?: number } = {}): FrameColumns {
    const out: FrameColumns = { index: [], time: [], received: [], series: {} }
    for (const id of ids) out.series[id] = []
    const since = opts.since ?? -Infinity
    for (const c of this.chunks) {
      if (c.count === 0 || c.received[c.count - 1] < since) continue
      for (let k = 0; k < c.count; k++) {
        if (c.received[k] < since) continue
        out.index.push(c.index[k])
        out.time.push(Number.isNaN(c.time[k]) ? null : c.time[k])
        out.received.push(c.received[k])
        for (const id of ids) {
          const x = id < c.width ? c.values[k * c.width + id] : NaN
          out.series[id].push(Number.isNaN(x) ? null : x)
        }
      }
    }
    const limit = opts.limit ?? Infinity
    if (out.index.length > limit) {
      const cut = out.index.length - limit
      out.index = out.index.slice(cut)
      out.time = out.time.slice(cut)
      out.received = out.received.slice(cut)
      for (const id of ids) out.series[id] = out.series[id].slice(cut)
    }
    return out
  }

  clear(): void {
    this.chunks = []
    this.total = 0
  }
}
