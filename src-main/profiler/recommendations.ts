import type { Bottleneck, BottleneckSummary, Figures, Recommendation } from '../../src-shared/types-profiler'
import { figures } from './stats'
import { seriesOf, type FrameTable } from './frame-table'

/**
 * Draw-call budgets by platform class. These are SLATE's rules of thumb from common Unity
 * optimisation guidance (mobile GPUs and drivers pay far more per batch and per shader-state
 * change than desktop ones), stated with every recommendation so a team can judge them.
 */
export const PLATFORM_LIMITS = {
  mobile: { batches: 200, setPass: 80, triangles: 750_000 },
  desktop: { batches: 2000, setPass: 400, triangles: 5_000_000 },
} as const

export function platformClass(platform: string | null | undefined): keyof typeof PLATFORM_LIMITS {
  return /android|iphone|ios|webgl|switch|quest|oculus|tvos|visionos/i.test(platform ?? '') ? 'mobile' : 'desktop'
}

/** Frames with a GC allocation at least this often count as "allocating every frame". */
export const GC_EVERY_FRAME_SHARE = 0.9
/** GC heap growth over a range that suggests a leak: both a share and an absolute amount. */
export const GC_GROWTH_SHARE = 0.1
export const GC_GROWTH_BYTES = 10 * 1024 * 1024

const ms = (x: number) => `${x.toFixed(2)} ms`
const bytes = (x: number) => (x >= 1024 * 1024 ? `${(x / 1024 / 1024).toFixed(1)} MB` : x >= 1024 ? `${(x / 1024).toFixed(1)} KB` : `${Math.round(x)} B`)

export interface RecommendationInput {
  table: FrameTable
  frameTime: Figures | null
  budgetMs: number
  targetFps: number
  bottleneck: BottleneckSummary
  platform?: string | null
}

/** What to do about a range, each item citing the figure that triggered it and the threshold. */
export function recommend(input: RecommendationInput): Recommendation[] {
  const out: Recommendation[] = []
  const { table, frameTime: ft, budgetMs, targetFps } = input
  if (ft) {
    if (ft.median > budgetMs) {
      out.push({
        id: 'over-budget',
        severity: 'problem',
        title: `Median frame time ${ms(ft.median)} is over the ${ms(budgetMs)} budget of ${targetFps} fps`,
        detail: input.bottleneck.verdict === 'gpu' ? 'The GPU is the limit: look at resolution, overdraw, shader cost and post-processing.' : 'Open the main and render thread timings of the slowest frames to see what takes the time.',
        figure: { name: 'frame time (median)', value: ft.median, unit: 'ms' },
        threshold: { value: budgetMs, unit: 'ms', text: `1000 ms / ${targetFps} fps` },
      })
    } else if (ft.p95 > budgetMs) {
      out.push({
        id: 'spikes-over-budget',
        severity: 'warning',
        title: `5% of frames take longer than ${ms(ft.p95)}, over the ${ms(budgetMs)} budget`,
        detail: 'The typical frame fits, the spikes do not: look for GC collections, loading, or work that runs every few frames.',
        figure: { name: 'frame time (p95)', value: ft.p95, unit: 'ms' },
        threshold: { value: budgetMs, unit: 'ms', text: `1000 ms / ${targetFps} fps` },
      })
    }
  }
  const b = input.bottleneck
  const classified = b.frames.gpu + b.frames.cpu + b.frames.present + b.frames.balanced
  if (classified > 0 && b.verdict !== 'balanced') {
    const share = b.frames[b.verdict] / classified
    const text: Record<Exclude<Bottleneck, 'balanced' | 'indeterminate'>, [string, string]> = {
      gpu: ['GPU-bound', 'Lower the GPU load (resolution scale, shader complexity, overdraw, shadows); CPU optimisation will not raise the frame rate.'],
      cpu: ['CPU-bound', 'The main or render thread is the limit: profile scripts, physics and rendering submission (batches, set-pass calls) on the CPU.'],
      present: ['Present-limited', 'Frames wait for vsync or the target frame rate: there is headroom; raise Application.targetFrameRate or turn vsync off to measure the real cost.'],
    }
    if (b.verdict !== 'indeterminate') {
      const [label, detail] = text[b.verdict]
      out.push({
        id: `bottleneck-${b.verdict}`,
        severity: b.verdict === 'present' ? 'info' : 'warning',
        title: `${label} in ${Math.round(share * 100)}% of frames`,
        detail,
        figure: { name: `${label} frames`, value: share, unit: 'share' },
        threshold: { value: 1 - 0.2, unit: 'share', text: "a time above 80% of the CPU frame time (Unity's FrameTiming rule)" },
      })
    }
  }
  const gc = seriesOf(table, 'gcAlloc')
  if (gc) {
    let sampled = 0
    let allocating = 0
    for (const v of gc) {
      if (v === null) continue
      sampled++
      if (v > 0) allocating++
    }
    const share = sampled ? allocating / sampled : 0
    if (sampled > 0 && share >= GC_EVERY_FRAME_SHARE) {
      const f = figures(gc)!
      out.push({
        id: 'gc-every-frame',
        severity: 'warning',
        title: `Managed memory is allocated in ${Math.round(share * 100)}% of frames (median ${bytes(f.median)} a frame)`,
        detail: 'Allocation every frame fills the GC heap and causes collection spikes: cache arrays and strings, avoid LINQ, boxing and closures in Update.',
        figure: { name: 'GC Allocated In Frame (median)', value: f.median, unit: 'bytes' },
        threshold: { value: GC_EVERY_FRAME_SHARE, unit: 'share', text: `more than 0 B in at least ${GC_EVERY_FRAME_SHARE * 100}% of frames` },
      })
    }
  }
  const used = seriesOf(table, 'gcUsed')
  if (used) {
    const xs = used.filter((v): v is number => v !== null)
    if (xs.length >= 2) {
      const growth = xs[xs.length - 1] - xs[0]
      if (growth > GC_GROWTH_BYTES && growth > xs[0] * GC_GROWTH_SHARE) {
        out.push({
          id: 'gc-heap-growing',
          severity: 'warning',
          title: `The GC heap grew by ${bytes(growth)} over this range`,
          detail: 'Memory that keeps growing is often a leak: objects kept alive by static lists, events that are never unsubscribed, caches without a limit.',
          figure: { name: 'GC Used Memory growth', value: growth, unit: 'bytes' },
          threshold: { value: GC_GROWTH_BYTES, unit: 'bytes', text: `more than ${bytes(GC_GROWTH_BYTES)} and ${GC_GROWTH_SHARE * 100}% of the start` },
        })
      }
    }
  }
  const cls = platformClass(input.platform)
  const limits = PLATFORM_LIMITS[cls]
  const check = (role: 'batches' | 'setPass' | 'triangles', label: string, limit: number, detail: string) => {
    const s = seriesOf(table, role)
    const f = s ? figures(s) : null
    if (f && f.median > limit) {
      out.push({
        id: `${role}-high`,
        severity: 'warning',
        title: `${label}: median ${Math.round(f.median).toLocaleString('en-US')} a frame, high for ${cls} (${limit.toLocaleString('en-US')})`,
        detail,
        figure: { name: `${label} (median)`, value: f.median, unit: 'count' },
        threshold: { value: limit, unit: 'count', text: `${cls} rule of thumb${input.platform ? ` (platform ${input.platform})` : ''}` },
      })
    }
  }
  check('batches', 'Batches', limits.batches, 'Combine meshes, use static/dynamic batching, the SRP Batcher or GPU instancing, and fewer materials.')
  check('setPass', 'SetPass calls', limits.setPass, 'Each set-pass call changes shader state: share materials and shader variants, use texture atlases.')
  check('triangles', 'Triangles', limits.triangles, 'Use LODs and occlusion culling, and lighter meshes for distant objects.')
  return out
}
