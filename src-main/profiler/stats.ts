import type { Figures } from '../../src-shared/types-profiler'

/**
 * Order statistics used everywhere in the Profiler (live ranges, captures, imports), defined once:
 * median = middle value (mean of the two middle values for an even count); p95 = linear
 * interpolation between the closest ranks (numpy.percentile's default, Excel's PERCENTILE.INC).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/** Figures of the finite values (nulls, NaN = not sampled, are skipped); null when there are none. */
export function figures(values: ArrayLike<number | null>): Figures | null {
  const xs: number[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v !== null && Number.isFinite(v)) xs.push(v)
  }
  if (xs.length === 0) return null
  const sorted = Float64Array.from(xs).sort()
  let sum = 0
  for (const x of sorted) sum += x
  return {
    count: sorted.length,
    min: sorted[0],
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  }
}

/** Share of values per bucket of `edges` (lower edges, last bucket open-ended). */
export function histogram(values: ArrayLike<number | null>, edges: number[]): number[] {
  const counts = new Array<number>(edges.length).fill(0)
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v === null || !Number.isFinite(v)) continue
    let b = edges.length - 1
    while (b > 0 && v < edges[b]) b--
    counts[b]++
    n++
  }
  return n ? counts.map((c) => c / n) : counts
}

/** Frame-time bucket edges shared by two captures so their distributions line up. */
export function frameTimeEdges(maxMs: number, buckets = 24): number[] {
  const top = Math.max(1, Math.ceil(maxMs))
  const step = Math.max(0.5, Math.ceil((top / buckets) * 2) / 2)
  return Array.from({ length: buckets }, (_, i) => i * step)
}
