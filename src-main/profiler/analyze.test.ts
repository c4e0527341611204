import { describe, expect, it } from 'vitest'
import { determineBottleneck } from './bottleneck'
import { analyzeFrames } from './analyze'
import type { FrameTable } from './frame-table'

const f = (cpuFrame: number, main: number, render: number | null, gpu: number | null, wait = 0) => ({ cpuFrame, cpuMainThread: main, cpuRenderThread: render, gpu, cpuMainThreadPresentWait: wait })

describe("Unity's DetermineBottleneck rule", () => {
  it('classifies each case at the 80% margin', () => {
    expect(determineBottleneck(f(20, 10, 8, 17))).toBe('gpu') // GPU 17 > 16, CPUs below
    expect(determineBottleneck(f(20, 17, 8, 10))).toBe('cpu') // main above, GPU below
    expect(determineBottleneck(f(20, 8, 17, 10))).toBe('cpu') // render above
    expect(determineBottleneck(f(20, 8, 8, 8, 6))).toBe('present') // everything low, waited 6 ms
    expect(determineBottleneck(f(20, 8, 8, 8, 0.4))).toBe('balanced') // wait below 0.5 ms
    expect(determineBottleneck(f(20, 17, 8, 17))).toBe('balanced') // both near the frame time
    expect(determineBottleneck(f(20, 10, 8, 0))).toBe('indeterminate') // no GPU timing
    expect(determineBottleneck(f(20, 10, 8, null))).toBe('indeterminate')
    expect(determineBottleneck(f(20, 10, null, 17))).toBe('gpu') // no render thread counts as 0
    // exactly at the margin is neither above nor below
    expect(determineBottleneck(f(20, 16, 8, 10))).toBe('balanced')
  })
})

function table(n: number, row: (k: number) => Record<string, number | null>): FrameTable {
  const names = Object.keys(row(0))
  const series = names.map(() => [] as (number | null)[])
  for (let k = 0; k < n; k++) {
    const r = row(k)
    names.forEach((name, j) => series[j].push(r[name]))
  }
  return { counters: names.map((name) => ({ name, unit: /Memory|Alloc/.test(name) ? 'bytes' : /Count/.test(name) ? 'count' : 'ms' })), index: Array.from({ length: n }, (_, k) => 100 + k), series }
}

describe('range analysis', () => {
  it('takes the class most frames fall in and cites figure and threshold', () => {
    const t = table(100, (k) => ({
      'CPU Total Frame Time': 25,
      'CPU Main Thread Frame Time': k < 70 ? 12 : 23,
      'CPU Render Thread Frame Time': 9,
      'GPU Frame Time': k < 70 ? 24 : 11,
      'GC Allocated In Frame': k % 20 === 0 ? 0 : 1024,
      'Batches Count': 300,
      'SetPass Calls Count': 20,
    }))
    const a = analyzeFrames(t, { targetFps: 60, platform: 'Android' })
    expect(a.bottleneck.verdict).toBe('gpu')
    expect(a.bottleneck.frames).toMatchObject({ gpu: 70, cpu: 30 })
    expect(a.frameTime!.median).toBe(25)
    const ids = a.recommendations.map((r) => r.id)
    expect(ids).toContain('over-budget')
    expect(ids).toContain('gc-every-frame') // 95% of frames allocate
    expect(ids).toContain('batches-high') // 300 > 200 on mobile
    expect(ids).not.toContain('setPass-high')
    const over = a.recommendations.find((r) => r.id === 'over-budget')!
    expect(over.figure.value).toBe(25)
    expect(over.threshold.value).toBeCloseTo(1000 / 60, 9)
    // the same batches on desktop are fine
    expect(analyzeFrames(t, { platform: 'WindowsPlayer' }).recommendations.map((r) => r.id)).not.toContain('batches-high')
    // 30 fps budget: 25 ms fits
    expect(analyzeFrames(t, { targetFps: 30 }).recommendations.map((r) => r.id)).not.toContain('over-budget')
  })

  it('does not call GC every frame when most frames allocate nothing', () => {
    const t = table(50, (k) => ({ 'CPU Main Thread Frame Time': 5, 'GC Allocated In Frame': k % 3 === 0 ? 512 : 0 }))
    expect(analyzeFrames(t).recommendations.map((r) => r.id)).not.toContain('gc-every-frame')
  })
})
