/** Profiler analysis, captures and imports (src-main/profiler), as they cross the contract. */

/** Unity's FrameTiming bottleneck classes (the documented DetermineBottleneck rule). */
export type Bottleneck = 'gpu' | 'cpu' | 'present' | 'balanced' | 'indeterminate'
export const BOTTLENECK_LABELS: Record<Bottleneck, string> = {
  gpu: 'GPU-bound',
  cpu: 'CPU-bound',
  present: 'Present-limited',
  balanced: 'Balanced',
  indeterminate: 'Indeterminate',
}

export type CounterUnit = 'ms' | 'bytes' | 'count' | 'percent'

export interface Figures {
  count: number
  min: number
  median: number
  p95: number
  max: number
  mean: number
}

export interface CounterFigures extends Figures {
  name: string
  unit: CounterUnit
}

export interface BottleneckSummary {
  /** the class most frames fall in (indeterminate when no frame has the four frame times) */
  verdict: Bottleneck
  /** frames per class */
  frames: Record<Bottleneck, number>
  /** why, for a person: the figures the rule used */
  reason: string
}

export interface Recommendation {
  id: string
  severity: 'problem' | 'warning' | 'info'
  title: string
  /** what to look at next */
  detail: string
  /** the figure that triggered it */
  figure: { name: string; value: number; unit: CounterUnit | 'share' }
  /** the threshold it crossed, stated */
  threshold: { value: number; unit: CounterUnit | 'share'; text: string }
}

export interface ProfilerAnalysis {
  sessionId: string | null
  frames: number
  fromFrame: number | null
  toFrame: number | null
  targetFps: number
  budgetMs: number
  /** the frame time the budget is compared with (CPU Total Frame Time, or the main thread's) */
  frameTime: CounterFigures | null
  counters: CounterFigures[]
  bottleneck: BottleneckSummary
  /** a single frame's own verdict when the range is one frame */
  recommendations: Recommendation[]
}

export type CaptureSource = 'live' | 'profile-analyzer' | 'performance-test'

export interface CaptureSummary {
  id: string
  name: string
  source: CaptureSource
  createdAt: string
  frames: number
  counters: string[]
  frameTime: Figures | null
  bottleneck: Bottleneck
  metadata: Record<string, unknown>
}

export interface CaptureComparison {
  a: CaptureSummary
  b: CaptureSummary
  counters: { name: string; unit: CounterUnit; a: Figures | null; b: Figures | null; medianChange: number | null }[]
  /** frame-time histogram: bucket lower edges (ms) and the share of frames per bucket */
  distribution: { edges: number[]; a: number[]; b: number[] }
}

export interface MarkerFigures {
  name: string
  median: number
  mean: number
  min: number
  max: number
  total: number | null
  countTotal: number | null
  frames: number | null
}

export interface SampleGroupFigures {
  name: string
  unit: string
  samples: number
  median: number
  p95: number
  max: number
  min: number
  mean: number
  increaseIsBetter: boolean | null
  /** as written in the file (may differ from what we compute from the samples) */
  reported: { median: number | null; min: number | null; max: number | null; average: number | null } | null
}

export interface ImportSummary {
  kind: 'profile-analyzer-frame-time' | 'profile-analyzer-marker-table' | 'performance-test-v1' | 'performance-test-v2'
  file: string
  frames: number
  frameTime: Figures | null
  markers: MarkerFigures[]
  tests: { name: string; groups: SampleGroupFigures[] }[]
  bottleneck: BottleneckSummary
  recommendations: Recommendation[]
  info: Record<string, string | number | boolean | null>
  captureId: string | null
}
