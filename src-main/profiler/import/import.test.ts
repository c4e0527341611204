import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importProfilerFile, importProfilerText, ImportError } from '.'

const dir = path.resolve(__dirname, '../../../../shared/fixtures/profiler')
const FRAME_TIME = path.join(dir, 'profile-analyzer_frameTime__acciohyun_FYP.csv')
const MARKERS = path.join(dir, 'profile-analyzer_markerTable__acciohyun_FYP.csv')
const PERF_V2 = path.join(dir, 'performance-test-results_v2__Unity-Technologies_PerformanceBenchmarkReporter.json')

// Independent reference figures: plain sort, numpy-style linear percentile, written here again.
function reference(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b)
  const pct = (p: number) => {
    const h = (s.length - 1) * p
    return s[Math.floor(h)] + (h - Math.floor(h)) * (s[Math.ceil(h)] - s[Math.floor(h)])
  }
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
  return { median, p95: pct(0.95), max: s[s.length - 1], min: s[0], count: s.length }
}

/** The fixture's third column read with a regular expression, not the importer's CSV reader. */
function frameTimesOf(text: string): number[] {
  return [...text.matchAll(/^\d+[,;]\d+[,;]\s*"?([\d.,]+?)"?[,;]/gm)].map((m) => Number(m[1].replace(',', '.')))
}

describe('Profile Analyzer frame-time export', () => {
  const text = fs.readFileSync(FRAME_TIME, 'utf8')
  const expected = reference(frameTimesOf(text))

  it('reads every frame with median, p95 and max', async () => {
    const { summary, table } = await importProfilerFile(FRAME_TIME)
    expect(summary.kind).toBe('profile-analyzer-frame-time')
    expect(summary.frames).toBe(expected.count)
    expect(summary.frames).toBe(text.trim().split('\n').length - 1)
    expect(summary.frameTime!.median).toBeCloseTo(expected.median, 9)
    expect(summary.frameTime!.p95).toBeCloseTo(expected.p95, 9)
    expect(summary.frameTime!.max).toBeCloseTo(expected.max, 9)
    // frame numbers come from the Frame Index column
    expect(table!.index[0]).toBe(Number(text.split('\n')[1].split(',')[1]))
    // no GPU time in the file: the rule cannot decide, and says why
    expect(summary.bottleneck.verdict).toBe('indeterminate')
    expect(summary.bottleneck.reason).toMatch(/GPU Frame Time/)
  })

  it('states the budget it compares with, per target frame rate', async () => {
    const at60 = (await importProfilerFile(FRAME_TIME, { targetFps: 60 })).summary
    const at30 = (await importProfilerFile(FRAME_TIME, { targetFps: 30 })).summary
    const over60 = at60.recommendations.find((r) => r.id === 'over-budget' || r.id === 'spikes-over-budget')
    expect(over60?.threshold.value).toBeCloseTo(16.666, 2)
    expect(expected.median > 1000 / 60).toBe(over60?.id === 'over-budget')
    const over30 = at30.recommendations.find((r) => r.id === 'over-budget' || r.id === 'spikes-over-budget')
    expect(Boolean(over30)).toBe(expected.p95 > 1000 / 30)
  })

  it('reads the same capture written semicolon-separated with decimal commas', () => {
    const localized = text
      .split('\n')
      .map((line) => line.split(',').map((f) => f.trim().replace('.', ',')).join(';'))
      .join('\r\n')
    const { summary } = importProfilerText(localized, 'frameTime.csv')
    expect(summary.frames).toBe(expected.count)
    expect(summary.frameTime!.median).toBeCloseTo(expected.median, 9)
    expect(summary.frameTime!.p95).toBeCloseTo(expected.p95, 9)
    expect(summary.info.delimiter).toBe(';')
  })

  it('refuses, with the reason, the capture written comma-separated with decimal commas (fields no longer line up)', () => {
    // what Profile Analyzer 1.0.x writes in a decimal-comma locale: `0,198,29,879,0`
    const ambiguous = text
      .split('\n')
      .map((line, i) => (i === 0 ? line : line.split(',').map((f) => f.trim().replace('.', ',')).join(',')))
      .join('\n')
    expect(() => importProfilerText(ambiguous, 'frameTime.csv')).toThrow(ImportError)
    expect(() => importProfilerText(ambiguous, 'frameTime.csv')).toThrow(/Row 2 has \d+ fields but the header has 4.*decimal commas/)
  })

  it('refuses a comparison export (two captures side by side) instead of reading one side of it', () => {
    const rows = text.trim().split('\n').slice(1, 20).map((l) => l.split(',').map((f) => f.trim()))
    const comparison = ['Frame Offset, Left Frame Index, Right Frame Index, Left Frame Time (ms), Right Frame Time (ms)', ...rows.map((r) => [r[0], r[1], r[1], r[2], r[2]].join(','))].join('\n')
    expect(() => importProfilerText(comparison, 'frameTimeComparison.csv')).toThrow(/comparison export.*two captures/)
  })
})

describe('Profile Analyzer marker table', () => {
  it('reads every marker with its times, sorted by median', async () => {
    const text = fs.readFileSync(MARKERS, 'utf8')
    const rows = text.trim().split('\n').slice(1)
    const { summary } = await importProfilerFile(MARKERS)
    expect(summary.kind).toBe('profile-analyzer-marker-table')
    expect(summary.markers).toHaveLength(rows.length)
    const playerLoop = rows.find((r) => r.startsWith('"PlayerLoop"'))!.split(',')
    const m = summary.markers.find((x) => x.name === 'PlayerLoop')!
    expect(m.median).toBe(Number(playerLoop[1]))
    expect(m.max).toBe(Number(playerLoop[3]))
    const medians = summary.markers.map((x) => x.median)
    expect(medians).toEqual([...medians].sort((a, b) => b - a))
    expect(summary.bottleneck.verdict).toBe('indeterminate')
  })
})

describe('Performance Testing results', () => {
  const raw = JSON.parse(fs.readFileSync(PERF_V2, 'utf8'))

  it('v2: tests, sample groups and samples with figures computed from the samples', async () => {
    const { summary } = await importProfilerFile(PERF_V2)
    expect(summary.kind).toBe('performance-test-v2')
    expect(summary.tests.map((t) => t.name)).toEqual(raw.Results.map((t: { Name: string }) => t.Name))
    raw.Results.forEach((t: { SampleGroups: { Name: string; Samples: number[]; Median: number }[] }, ti: number) => {
      t.SampleGroups.forEach((g, gi) => {
        const got = summary.tests[ti].groups[gi]
        const ref = reference(g.Samples)
        expect(got.name).toBe(g.Name)
        expect(got.samples).toBe(g.Samples.length)
        expect(got.median).toBeCloseTo(ref.median, 9)
        expect(got.p95).toBeCloseTo(ref.p95, 9)
        expect(got.max).toBe(ref.max)
        // the file's own median agrees with ours (the reporter sorts the same samples)
        expect(got.median).toBeCloseTo(g.Median, 6)
      })
    })
    const time = raw.Results[0].SampleGroups.find((g: { Name: string }) => g.Name === 'Time')
    expect(summary.frameTime!.median).toBeCloseTo(reference(time.Samples).median, 9)
    expect(summary.info.unityVersion).toBe(raw.Editor.Version)
  })

  it('the older list format (Definition{Name, SampleUnit}, TestName) reads the same figures', () => {
    const v1 = [
      {
        PlayerSystemInfo: { DeviceModel: raw.Hardware.DeviceModel },
        EditorVersion: { FullVersion: raw.Editor.Version },
        Results: raw.Results.map((t: { Name: string; SampleGroups: { Name: string; Unit: number; IncreaseIsBetter: boolean; Samples: number[] }[] }) => ({
          TestName: t.Name,
          SampleGroups: t.SampleGroups.map((g) => ({
            Definition: { Name: g.Name, SampleUnit: g.Unit, IncreaseIsBetter: g.IncreaseIsBetter },
            Samples: g.Samples,
            SampleCount: g.Samples.length,
          })),
        })),
      },
    ]
    const { summary } = importProfilerText(JSON.stringify(v1), 'PerformanceTestResults.json')
    expect(summary.kind).toBe('performance-test-v1')
    const g = summary.tests[0].groups.find((x) => x.name === 'Camera.Render')!
    const ref = reference(raw.Results[0].SampleGroups.find((x: { Name: string }) => x.Name === 'Camera.Render').Samples)
    expect(g.unit).toBe('Millisecond')
    expect(g.median).toBeCloseTo(ref.median, 9)
    expect(g.p95).toBeCloseTo(ref.p95, 9)
  })

  it('a group that kept one sample of many uses the figures the file reports', () => {
    const json = { Results: [{ TestName: 'T', SampleGroups: [{ Definition: { Name: 'FrameTime', SampleUnit: 2 }, Samples: [14.9], Min: 7, Max: 25, Median: 13.9, Average: 13.9, SampleCount: 1001 }] }] }
    const g = importProfilerText(JSON.stringify(json), 'x.json').summary.tests[0].groups[0]
    expect(g).toMatchObject({ samples: 1001, median: 13.9, max: 25, min: 7 })
  })
})

describe('bad input', () => {
  it('says what is wrong, never throws anything else', async () => {
    for (const [text, why] of [
      ['{"Results": 3}', /Not Performance Testing/],
      ['{ nope', /not valid JSON/],
      ['a,b,c\n1,2,3\n', /Not a Profile Analyzer export/],
      ['Frame Index, Frame Time (ms)\n1, x\n', /no frames/],
      ['', /Not a Profile Analyzer export/],
    ] as const) {
      expect(() => importProfilerText(text, 'f')).toThrow(ImportError)
      expect(() => importProfilerText(text, 'f')).toThrow(why)
    }
    const tmp = path.join(os.tmpdir(), `slate-missing-${process.pid}.csv`)
    await expect(importProfilerFile(tmp)).rejects.toThrow(/No such file/)
  })
})
