import type { CounterUnit } from '../../src-shared/types-profiler'

/** Frames column-wise: what analysis, captures and imports share. Frame times in ms. */
export interface FrameTable {
  counters: { name: string; unit: CounterUnit }[]
  /** Unity frame numbers (or row numbers for an import) */
  index: number[]
  /** series[k] belongs to counters[k], aligned to index; null = not sampled */
  series: (number | null)[][]
}

/** Names Unity uses for the same figure across versions and tools (ProfilerRecorder, Profile Analyzer). */
export const ROLE_NAMES = {
  cpuFrame: ['CPU Total Frame Time', 'Frame Time', 'CPU Frame Time', 'Main Thread'],
  cpuMainThread: ['CPU Main Thread Frame Time'],
  cpuRenderThread: ['CPU Render Thread Frame Time'],
  gpu: ['GPU Frame Time'],
  cpuMainThreadPresentWait: ['CPU Main Thread Present Wait Time'],
  gcAlloc: ['GC Allocated In Frame', 'GC Allocation In Frame Count'],
  gcUsed: ['GC Used Memory'],
  batches: ['Batches Count'],
  drawCalls: ['Draw Calls Count'],
  setPass: ['SetPass Calls Count'],
  triangles: ['Triangles Count'],
} as const
export type Role = keyof typeof ROLE_NAMES

export function seriesOf(table: FrameTable, role: Role): (number | null)[] | null {
  const names = ROLE_NAMES[role] as readonly string[]
  for (const name of names) {
    const k = table.counters.findIndex((c) => c.name.toLowerCase() === name.toLowerCase())
    if (k >= 0) return table.series[k]
  }
  return null
}

/** Frames whose number lies in [from, to] (either bound optional). */
export function sliceFrames(table: FrameTable, from?: number, to?: number): FrameTable {
  if (from === undefined && to === undefined) return table
  const keep: number[] = []
  for (let k = 0; k < table.index.length; k++) {
    const i = table.index[k]
    if ((from === undefined || i >= from) && (to === undefined || i <= to)) keep.push(k)
  }
  return { counters: table.counters, index: keep.map((k) => table.index[k]), series: table.series.map((s) => keep.map((k) => s[k])) }
}
