import type { LinkCounterInfo, LinkFramesEvent } from '../../src-shared/types-link'

/** An hour at 60 fps: the same bound as the core's ring. */
const MAX_FRAMES = 216_000

/** A growable typed column (NaN = not sampled): a tenth of the memory of an array of numbers. */
class Column<T extends Float32Array | Float64Array> {
  length = 0
  constructor(public data: T) {}
  push(v: number, make: (n: number) => T): void {
    if (this.length === this.data.length) {
      const next = make(Math.max(1024, this.data.length * 2))
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = v
  }
  drop(n: number): void {
    this.data.copyWithin(0, n, this.length)
    this.length -= n
  }
}
const f32 = (n: number) => new Float32Array(n).fill(NaN)
const f64 = (n: number) => new Float64Array(n)

/**
 * The frames of one process in the renderer, column-wise in typed arrays: what the charts draw
 * from. Appended from link.frames events, trimmed to the last hour; windows are found by the time
 * frames arrived.
 */
export class SessionFrames {
  private readonly idx = new Column(f64(0))
  private readonly recv = new Column(f64(0))
  private readonly cols = new Map<string, Column<Float32Array>>()
  /** bumped on every change, so a chart redraws only when something arrived */
  version = 0

  get length(): number {
    return this.idx.length
  }
  /** bytes held by the columns (capacity included) */
  get bytes(): number {
    let n = this.idx.data.byteLength + this.recv.data.byteLength
    for (const c of this.cols.values()) n += c.data.byteLength
    return n
  }
  /** Unity frame numbers (valid up to `length`) */
  get index(): ArrayLike<number> {
    return this.idx.data.subarray(0, this.idx.length)
  }
  get received(): ArrayLike<number> {
    return this.recv.data.subarray(0, this.recv.length)
  }
  /** one counter's values (NaN = not sampled), aligned to `index` */
  column(id: string): ArrayLike<number> | undefined {
    const c = this.cols.get(id)
    return c?.data.subarray(0, c.length)
  }

  push(e: LinkFramesEvent): void {
    const before = this.idx.length
    for (const i of e.index) this.idx.push(i, f64)
    for (const r of e.received) this.recv.push(r, f64)
    for (const [id, col] of Object.entries(e.series)) {
      let c = this.cols.get(id)
      if (!c) {
        c = new Column(f32(Math.max(1024, before)))
        c.length = before
        this.cols.set(id, c)
      }
      for (const v of col) c.push(v === null ? NaN : v, f32)
    }
    // counters this batch did not carry stay aligned
    for (const c of this.cols.values()) while (c.length < this.idx.length) c.push(NaN, f32)
    if (this.idx.length > MAX_FRAMES * 1.1) this.trim(this.idx.length - MAX_FRAMES)
    this.version++
  }

  private trim(n: number): void {
    this.idx.drop(n)
    this.recv.drop(n)
    for (const c of this.cols.values()) c.drop(n)
  }

  /** First and one-past-last position of frames received in (end − span, end]. */
  window(endMs: number, spanMs: number): [number, number] {
    const r = this.received
    return [lowerBound(r, endMs - spanMs), upperBound(r, endMs)]
  }
}

function lowerBound(a: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * At most `points` points per series for drawing: each bucket keeps its largest value (a spike is
 * what a profiler must never hide) at the bucket's first frame number.
 */
export function decimate(x: ArrayLike<number>, ys: ArrayLike<number>[], lo: number, hi: number, points: number, scale: number[] = []): { x: number[]; ys: (number | null)[][] } {
  const n = hi - lo
  const step = Math.max(1, Math.ceil(n / points))
  const ox: number[] = []
  const oys: (number | null)[][] = ys.map(() => [])
  for (let k = lo; k < hi; k += step) {
    ox.push(x[k])
    const end = Math.min(hi, k + step)
    ys.forEach((col, j) => {
      let best: number | null = null
      for (let q = k; q < end; q++) {
        const v = col[q]
        if (v === v && (best === null || v > best)) best = v // v === v: not NaN (not sampled)
      }
      oys[j].push(best === null ? null : best * (scale[j] ?? 1))
    })
  }
  return { x: ox, ys: oys }
}

/** Chart groups by Unity's counter names (ProfilerRecorder), with the category as a fallback. */
export interface ChartGroup {
  id: string
  title: string
  unit: string
  /** multiply values by this for the axis (bytes → MB) */
  scale: number
  match: (c: LinkCounterInfo) => boolean
  budget?: boolean
}

const named = (...names: string[]) => (c: LinkCounterInfo) => names.some((n) => n.toLowerCase() === c.name.toLowerCase())

export const CHART_GROUPS: ChartGroup[] = [
  { id: 'frame', title: 'Frame time', unit: 'ms', scale: 1, budget: true, match: named('CPU Total Frame Time', 'CPU Main Thread Frame Time', 'CPU Render Thread Frame Time', 'GPU Frame Time') },
  { id: 'render', title: 'Rendering', unit: 'count', scale: 1, match: named('Batches Count', 'Draw Calls Count', 'SetPass Calls Count') },
  { id: 'geometry', title: 'Geometry', unit: 'count', scale: 1, match: named('Triangles Count', 'Vertices Count') },
  { id: 'memory', title: 'Memory', unit: 'MB', scale: 1 / (1024 * 1024), match: named('Total Used Memory', 'System Used Memory', 'GC Used Memory', 'GC Reserved Memory', 'Gfx Used Memory', 'Texture Memory', 'Mesh Memory') },
  { id: 'physics', title: 'Physics', unit: 'count', scale: 1, match: (c) => c.category.toLowerCase() === 'physics' || /physics|rigidbod|dynamic bodies|contacts/i.test(c.name) },
  { id: 'audio', title: 'Audio', unit: '', scale: 1, match: (c) => c.category.toLowerCase() === 'audio' || /audio/i.test(c.name) },
]

export const SERIES_COLORS = ['#3b82f6', '#f97316', '#a855f7', '#22c55e', '#ef4444', '#eab308', '#14b8a6', '#ec4899']
