import type { ImportSummary, SampleGroupFigures } from '../../../src-shared/types-profiler'
import { analyzeFrames } from '../analyze'
import { summarizeBottlenecks } from '../bottleneck'
import type { FrameTable } from '../frame-table'
import { figures } from '../stats'
import { ImportError } from './profile-analyzer'

/**
 * Unity Performance Testing Extension results (PerformanceTestResults.json):
 * - the older list format (package 1.x, and PerformanceBenchmarkReporter's baselines): an array of
 *   runs, or one run, with `Results[{TestName, TestCategories, SampleGroups[{Definition{Name,
 *   SampleUnit, IncreaseIsBetter, …}, Samples, Min, Max, Median, Average, …}]}]`;
 * - v2 (package 2.x): one run with `Results[{Name, Categories, Version, SampleGroups[{Name, Unit,
 *   IncreaseIsBetter, Samples, Min, Max, Median, Average, StandardDeviation, Sum}]}]`.
 * Units are the SampleUnit enum (0 ns, 1 µs, 2 ms, 3 s, 4 B, 5 KB, 6 MB, 7 GB, 8 undefined) or its name.
 */
const UNIT_NAMES = ['Nanosecond', 'Microsecond', 'Millisecond', 'Second', 'Byte', 'Kilobyte', 'Megabyte', 'Gigabyte', 'Undefined']
const TO_MS: Record<string, number> = { Nanosecond: 1e-6, Microsecond: 1e-3, Millisecond: 1, Second: 1000 }

type Json = Record<string, unknown>
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

function unitName(v: unknown): string {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < UNIT_NAMES.length) return UNIT_NAMES[v]
  if (typeof v === 'string') {
    const hit = UNIT_NAMES.find((n) => n.toLowerCase() === v.toLowerCase() || (n === 'Millisecond' && /^ms$/i.test(v)))
    return hit ?? v
  }
  return 'Undefined'
}

function group(raw: Json): SampleGroupFigures | null {
  const def = obj(raw.Definition)
  const name = str(def?.Name) ?? str(raw.Name)
  if (!name) return null
  const unit = unitName(def ? (def.SampleUnit ?? def.Unit) : (raw.Unit ?? raw.SampleUnit))
  const samples = Array.isArray(raw.Samples) ? raw.Samples.map(num).filter((x): x is number => x !== null) : []
  const reported = { median: num(raw.Median), min: num(raw.Min), max: num(raw.Max), average: num(raw.Average) }
  const sampleCount = num(raw.SampleCount)
  // Some writers keep only the first sample but report figures of all of them (SampleCount): the
  // reported figures are then the better ones.
  const complete = samples.length > 0 && (sampleCount === null || sampleCount <= samples.length)
  const f = complete ? figures(samples) : null
  if (!f && reported.median === null) return null
  const increase = def ? def.IncreaseIsBetter : raw.IncreaseIsBetter
  return {
    name,
    unit,
    samples: complete ? samples.length : (sampleCount ?? samples.length),
    median: f?.median ?? reported.median!,
    p95: f?.p95 ?? NaN,
    max: f?.max ?? reported.max ?? NaN,
    min: f?.min ?? reported.min ?? NaN,
    mean: f?.mean ?? reported.average ?? NaN,
    increaseIsBetter: typeof increase === 'boolean' ? increase : null,
    reported,
  }
}

export function isPerformanceTestResults(json: unknown): boolean {
  const runs = Array.isArray(json) ? json : [json]
  return runs.some((r) => Array.isArray(obj(r)?.Results) && (obj(r)!.Results as unknown[]).some((t) => Array.isArray(obj(t)?.SampleGroups)))
}

const FRAME_TIME_GROUP = /^(frame ?time|time|cpu total frame time|main thread)$/i

export function importPerformanceTests(json: unknown, file: string, targetFps = 60): ImportSummary {
  if (!isPerformanceTestResults(json)) throw new ImportError('Not Performance Testing results: no Results[] with SampleGroups')
  const runs = (Array.isArray(json) ? json : [json]).map(obj).filter((r): r is Json => r !== null)
  const v1 = runs.some((r) => (r.Results as unknown[] | undefined)?.some((t) => obj(t)?.TestName !== undefined || Array.isArray(obj(t)?.SampleGroups) && (obj(t)!.SampleGroups as unknown[]).some((g) => obj(obj(g)?.Definition))))
  const tests: ImportSummary['tests'] = []
  const frameTimes: number[] = []
  const verdictTables: FrameTable[] = []
  for (const run of runs) {
    for (const t of (run.Results as unknown[]) ?? []) {
      const test = obj(t)
      if (!test) continue
      const name = str(test.Name) ?? str(test.TestName) ?? '(unnamed test)'
      const rawGroups = Array.isArray(test.SampleGroups) ? test.SampleGroups.map(obj).filter((g): g is Json => g !== null) : []
      const groups = rawGroups.map(group).filter((g): g is SampleGroupFigures => g !== null)
      tests.push({ name, groups })
      // Frame time: the test's time group in a time unit, converted to ms.
      rawGroups.forEach((g) => {
        const fig = group(g)
        if (!fig || !FRAME_TIME_GROUP.test(fig.name) || !(fig.unit in TO_MS)) return
        const xs = Array.isArray(g.Samples) ? g.Samples.map(num).filter((x): x is number => x !== null) : []
        if (fig.samples === xs.length) for (const x of xs) frameTimes.push(x * TO_MS[fig.unit])
      })
      // Groups named like Unity's frame-timing counters, sample for sample, feed the bottleneck rule.
      const timed = rawGroups
        .map((g) => ({ fig: group(g), xs: Array.isArray(g.Samples) ? g.Samples.map(num) : [] }))
        .filter((x) => x.fig && x.fig.unit in TO_MS && x.xs.length > 1)
      if (timed.length) {
        const n = Math.min(...timed.map((x) => x.xs.length))
        verdictTables.push({
          counters: timed.map((x) => ({ name: x.fig!.name, unit: 'ms' as const })),
          index: Array.from({ length: n }, (_, i) => i),
          series: timed.map((x) => x.xs.slice(0, n).map((v) => (v === null ? null : v * TO_MS[x.fig!.unit]))),
        })
      }
    }
  }
  const analyses = verdictTables.map((t) => analyzeFrames(t, { targetFps }))
  const frames = analyses.flatMap((a) => Object.entries(a.bottleneck.frames).flatMap(([k, n]) => new Array<string>(n).fill(k))) as Parameters<typeof summarizeBottlenecks>[0]
  const bottleneck = summarizeBottlenecks(frames)
  if (bottleneck.verdict === 'indeterminate') {
    bottleneck.reason = 'The sample groups do not include GPU, CPU and main-thread frame times per frame (CPU Total Frame Time, CPU Main Thread Frame Time, GPU Frame Time), which the bottleneck rule needs.'
  }
  const first = runs[0] ?? {}
  const player = obj(first.Player) ?? obj(first.BuildSettings) ?? {}
  const hardware = obj(first.Hardware) ?? obj(first.PlayerSystemInfo) ?? {}
  const editor = obj(first.Editor) ?? obj(first.EditorVersion) ?? {}
  const ft = figures(frameTimes)
  const ftAnalysis = ft ? analyzeFrames({ counters: [{ name: 'Frame Time', unit: 'ms' }], index: frameTimes.map((_, i) => i), series: [frameTimes] }, { targetFps }) : null
  return {
    kind: v1 ? 'performance-test-v1' : 'performance-test-v2',
    file,
    frames: frameTimes.length,
    frameTime: ft,
    markers: [],
    tests,
    bottleneck,
    recommendations: [...(ftAnalysis?.recommendations ?? []), ...analyses.flatMap((a) => a.recommendations.filter((r) => r.id.startsWith('bottleneck-')))],
    info: {
      runs: runs.length,
      tests: tests.length,
      sampleGroups: tests.reduce((n, t) => n + t.groups.length, 0),
      samples: tests.reduce((n, t) => n + t.groups.reduce((m, g) => m + g.samples, 0), 0),
      platform: str(player.Platform) ?? null,
      device: str(hardware.DeviceModel) ?? null,
      unityVersion: str(editor.Version) ?? str(editor.FullVersion) ?? null,
      testSuite: str(first.TestSuite) ?? null,
    },
    captureId: null,
  }
}
