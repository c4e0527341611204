import type { LinkCounterInfo, LinkFramesEvent } from '../../src-shared/types-link'

/** An hour at 60 fps: the same bound as the core's ring. */
const MAX_FRAMES = 216_000

/**
 * The frames of one process in the renderer, column-wise: what the charts draw from. Appended from
 * link.frames events, trimmed to the last hour; windows are found by the time frames arrived.
 */
export class SessionFrames {
  index: number[] = []
  received: number[] = []
  series = new Map<string, (number | null)[]>()
  /** bumped on every change, so a chart redraws only when something arrived */
  version = 0

  push(e: LinkFramesEvent): void {
    const before = this.index.length
    for (const i of e.index) this.index.push(i)
    for (const r of e.received) this.received.push(r)
    for (const [id, col] of Object.entries(e.series)) {
      let s = this.series.get(id)
      if (!s) {
        s = new Array<number | null>(before).fill(null)
        this.series.set(id, s)
      }
      for (const v of col) s.push(v)
    }
    // counters this batch did not carry stay aligned
    for (const s of this.series.values()) while (s.length < this.index.length) s.push(null)
    if (this.index.length > MAX_FRAMES * 1.1) this.trim(this.index.length - MAX_FRAMES)
    this.version++
  }

  private trim(n: number): void {
    this.index.splice(0, n)
    this.received.splice(0, n)
    for (const s of this.series.values()) s.splice(0, n)
  }

  /** First and one-past-last position of frames received in (end − span, end]. */
  window(endMs: number, spanMs: number): [number, number] {
    const lo = lowerBound(this.received, endMs - spanMs)
    const hi = upperBound(this.received, endMs)
    return [lo, hi]
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBound(a: number[], x: number): number {
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
export function decimate(x: number[], ys: (number | null)[][], lo: number, hi: number, points: number, scale: number[] = []): { x: number[]; ys: (number | null)[][] } {
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
        if (v !== null && v !== undefined && (best === null || v > best)) best = v
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
