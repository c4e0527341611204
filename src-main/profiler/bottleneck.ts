import type { Bottleneck, BottleneckSummary } from '../../src-shared/types-profiler'

/** The frame times of one frame, in ms (null = not measured on this platform / not sent). */
export interface FrameTimes {
  /** FrameTiming.cpuFrameTime: start of one frame to the start of the next on the main thread */
  cpuFrame: number | null
  cpuMainThread: number | null
  cpuRenderThread: number | null
  gpu: number | null
  cpuMainThreadPresentWait: number | null
}

/** Unity's constants in the documented DetermineBottleneck example (FrameTiming / FrameTimingManager). */
export const NEAR_FULL_FRAME_TIME_THRESHOLD = 0.2
export const NON_ZERO_PRESENT_WAIT_MS = 0.5

/**
 * Unity's rule, as its FrameTiming scripting reference documents it:
 * - no GPU time (platform does not measure it) → indeterminate;
 * - margin = (1 − 0.2) × cpuFrameTime;
 * - GPU time above the margin while main and render thread are below → GPU-bound;
 * - GPU below the margin while main or render thread is above → CPU-bound;
 * - main thread waited for Present more than 0.5 ms and all three are below → present-limited
 *   (vsync or a target frame rate);
 * - otherwise balanced.
 * A missing render thread (single-threaded / direct mode) counts as 0, as in Unity's samples;
 * a missing main-thread or frame time makes the frame indeterminate.
 */
export function determineBottleneck(s: FrameTimes): Bottleneck {
  if (!s.gpu || s.cpuFrame === null || s.cpuMainThread === null) return 'indeterminate'
  const render = s.cpuRenderThread ?? 0
  const margin = (1 - NEAR_FULL_FRAME_TIME_THRESHOLD) * s.cpuFrame
  if (s.gpu > margin && s.cpuMainThread < margin && render < margin) return 'gpu'
  if (s.gpu < margin && (s.cpuMainThread > margin || render > margin)) return 'cpu'
  if ((s.cpuMainThreadPresentWait ?? 0) > NON_ZERO_PRESENT_WAIT_MS) {
    if (s.gpu < margin && s.cpuMainThread < margin && render < margin) return 'present'
  }
  return 'balanced'
}

const ORDER: Bottleneck[] = ['gpu', 'cpu', 'present', 'balanced', 'indeterminate']

/**
 * A range's verdict: the class most of its frames fall in. Indeterminate frames only win when no
 * frame could be classified (a platform without GPU timing makes every frame indeterminate).
 */
export function summarizeBottlenecks(perFrame: Bottleneck[], describe?: (verdict: Bottleneck, frames: Record<Bottleneck, number>) => string): BottleneckSummary {
  const frames: Record<Bottleneck, number> = { gpu: 0, cpu: 0, present: 0, balanced: 0, indeterminate: 0 }
  for (const b of perFrame) frames[b]++
  let verdict: Bottleneck = 'indeterminate'
  let best = 0
  for (const b of ORDER) {
    if (b === 'indeterminate') continue
    if (frames[b] > best) {
      best = frames[b]
      verdict = b
    }
  }
  const reason = describe ? describe(verdict, frames) : defaultReason(verdict, frames, perFrame.length)
  return { verdict, frames, reason }
}

function defaultReason(verdict: Bottleneck, frames: Record<Bottleneck, number>, total: number): string {
  if (total === 0) return 'No frames in this range.'
  if (verdict === 'indeterminate') return `None of the ${total} frames has a GPU frame time together with the CPU frame times, which the rule needs (the platform may not measure GPU time).`
  const pct = Math.round((frames[verdict] / total) * 100)
  return `${frames[verdict]} of ${total} frames (${pct}%) are ${verdict === 'present' ? 'present-limited' : verdict === 'balanced' ? 'balanced' : `${verdict.toUpperCase()}-bound`} by Unity's FrameTiming rule (a time within 20% of the CPU frame time).`
}
