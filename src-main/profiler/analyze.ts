import type { Bottleneck, CounterFigures, ProfilerAnalysis } from '../../src-shared/types-profiler'
import { BOTTLENECK_LABELS } from '../../src-shared/types-profiler'
import { determineBottleneck, summarizeBottlenecks } from './bottleneck'
import { seriesOf, type FrameTable } from './frame-table'
import { recommend } from './recommendations'
import { figures } from './stats'

export function budgetMs(targetFps: number): number {
  return 1000 / targetFps
}

/** The verdict of every frame of a table by Unity's rule. */
export function perFrameBottlenecks(table: FrameTable): Bottleneck[] {
  const cpuFrame = seriesOf(table, 'cpuFrame')
  const main = seriesOf(table, 'cpuMainThread')
  const render = seriesOf(table, 'cpuRenderThread')
  const gpu = seriesOf(table, 'gpu')
  const wait = seriesOf(table, 'cpuMainThreadPresentWait')
  const out: Bottleneck[] = new Array(table.index.length)
  for (let k = 0; k < table.index.length; k++) {
    out[k] = determineBottleneck({
      cpuFrame: cpuFrame?.[k] ?? null,
      cpuMainThread: main?.[k] ?? null,
      cpuRenderThread: render?.[k] ?? null,
      gpu: gpu?.[k] ?? null,
      cpuMainThreadPresentWait: wait?.[k] ?? null,
    })
  }
  return out
}

/** Figures, bottleneck and recommendations of a range of frames. */
export function analyzeFrames(table: FrameTable, opts: { targetFps?: number; platform?: string | null; sessionId?: string | null } = {}): ProfilerAnalysis {
  const targetFps = opts.targetFps ?? 60
  const budget = budgetMs(targetFps)
  const counters: CounterFigures[] = []
  table.counters.forEach((c, k) => {
    const f = figures(table.series[k])
    if (f) counters.push({ name: c.name, unit: c.unit, ...f })
  })
  const ftSeries = seriesOf(table, 'cpuFrame') ?? seriesOf(table, 'cpuMainThread')
  const ftName = table.counters.find((c, k) => table.series[k] === ftSeries)?.name ?? 'frame time'
  const ft = ftSeries ? figures(ftSeries) : null
  const verdicts = perFrameBottlenecks(table)
  const bottleneck = summarizeBottlenecks(verdicts, (verdict, frames) => describe(table, verdict, frames, verdicts.length))
  return {
    sessionId: opts.sessionId ?? null,
    frames: table.index.length,
    fromFrame: table.index.length ? table.index[0] : null,
    toFrame: table.index.length ? table.index[table.index.length - 1] : null,
    targetFps,
    budgetMs: budget,
    frameTime: ft ? { name: ftName, unit: 'ms', ...ft } : null,
    counters,
    bottleneck,
    recommendations: recommend({ table, frameTime: ft, budgetMs: budget, targetFps, bottleneck, platform: opts.platform }),
  }
}

function describe(table: FrameTable, verdict: Bottleneck, frames: Record<Bottleneck, number>, total: number): string {
  if (total === 0) return 'No frames in this range.'
  const med = (role: Parameters<typeof seriesOf>[1]) => {
    const s = seriesOf(table, role)
    return s ? (figures(s)?.median ?? null) : null
  }
  if (verdict === 'indeterminate') {
    const missing = (['gpu', 'cpuFrame', 'cpuMainThread'] as const).filter((r) => med(r) === null)
    return `The rule needs the GPU, CPU and main-thread frame times; ${missing.length ? `this range has no ${missing.map((m) => ({ gpu: 'GPU Frame Time', cpuFrame: 'CPU Total Frame Time', cpuMainThread: 'CPU Main Thread Frame Time' })[m]).join(', ')}` : 'the GPU time is 0 (not measured on this platform)'}.`
  }
  const parts = (
    [
      ['CPU frame', med('cpuFrame')],
      ['main thread', med('cpuMainThread')],
      ['render thread', med('cpuRenderThread')],
      ['GPU', med('gpu')],
    ] as const
  )
    .filter(([, v]) => v !== null)
    .map(([n, v]) => `${n} ${v!.toFixed(2)} ms`)
  const pct = Math.round((frames[verdict] / total) * 100)
  return `${BOTTLENECK_LABELS[verdict]} in ${frames[verdict]} of ${total} frames (${pct}%); medians: ${parts.join(', ')}. A time counts as the limit when it is above 80% of the CPU frame time (Unity's FrameTiming rule).`
}
