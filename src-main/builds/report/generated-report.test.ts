import { describe, expect, it } from 'vitest'
import { parseReportText } from './read-report'
import { assetKey, sizeBreakdown } from './size-analysis'
import { diffReports } from './size-diff'
import { UnityYamlReportReader } from './unity-yaml-report'
import { generateReport, generateReportText } from './testing/gen-report'
import { lineScan } from './testing/line-scan'

// Generated reports of 100,000 packed objects (the layout Unity writes), checked against the
// independent line scan of the same text.
const N = 100_000

describe('generated reports of 100,000 packed objects', () => {
  const before = generateReportText({ objects: N, seed: 7, variant: 0 })
  const after = generateReportText({ objects: N, seed: 7, variant: 1 })

  it('import sums every object as the line scan does, sizes past 2^31 included', () => {
    const scan = lineScan(before)
    const r = parseReportText(Buffer.from(before))
    expect(r.packed.reduce((s, p) => s + p.objects, 0)).toBe(N)
    expect(r.packed.reduce((s, p) => s + p.size, 0)).toBe(scan.packedTotal)
    expect(scan.packedTotal).toBeGreaterThan(2 ** 32)
    expect(r.totalSize).toBe(scan.summaryTotal)
    const b = sizeBreakdown(r)
    expect(new Map(b.assets.map((a) => [a.key, a.size]))).toEqual(scan.perAsset)
    // Quoted paths with '' come back unquoted.
    expect(b.assets.some((a) => a.path.includes("It's asset"))).toBe(true)
    // A wrapped step message is one message.
    expect(r.steps[1].messages[0].content).toBe('A long warning that Unity wraps onto a second line')
  })

  it('reads the same whatever the chunk boundaries (a stream of small chunks)', () => {
    const reader = new UnityYamlReportReader()
    const bytes = Buffer.from([...generateReport({ objects: 5000, seed: 3 })].join(''))
    for (let i = 0; i < bytes.length; i += 977) reader.push(bytes.subarray(i, i + 977))
    const streamed = reader.end()
    const whole = parseReportText(bytes)
    expect(streamed.packed).toEqual(whole.packed)
    expect(streamed.files).toEqual(whole.files)
  })

  it('the diff of two generated builds matches a diff of the line scans, in order', () => {
    const [sa, sb] = [lineScan(before), lineScan(after)]
    const d = diffReports(parseReportText(Buffer.from(before)), parseReportText(Buffer.from(after)))
    expect(d.total.delta).toBe(sb.summaryTotal - sa.summaryTotal)
    const expected = new Map<string, number>()
    for (const k of new Set([...sa.perAsset.keys(), ...sb.perAsset.keys()])) {
      const delta = (sb.perAsset.get(k) ?? 0) - (sa.perAsset.get(k) ?? 0)
      if (delta) expected.set(k, delta)
    }
    expect(d.assets.length).toBe(expected.size)
    expect(new Map(d.assets.map((a) => [assetKey(a.guid, a.path), a.delta]))).toEqual(expected)
    const abs = d.assets.map((a) => Math.abs(a.delta))
    expect(abs).toEqual([...abs].sort((x, y) => y - x))
    expect(d.assets.some((a) => a.before === 0) && d.assets.some((a) => a.after === 0)).toBe(true)
    // By type and by folder add up to the same net change as the assets.
    const net = d.assets.reduce((s, a) => s + a.delta, 0)
    expect(d.types.reduce((s, t) => s + t.delta, 0)).toBe(net)
    expect(d.folders.find((f) => f.path === 'Assets')?.delta).toBe(net)
  })

  it('refuses what is not a BuildReport, with a reason, and never half-reads', () => {
    expect(() => parseReportText(Buffer.from('%YAML 1.1\n--- !u!1126 &1\nPackedAssets:\n  m_File: 1\n'))).toThrow(/no `--- !u!1125` BuildReport/)
    expect(() => parseReportText(Buffer.from([0, 0, 0, 0x10, 0, 0, 1, 0, 0x15, 0, 0, 0]))).toThrow(/binary format/)
    expect(() => parseReportText(Buffer.from('hello'))).toThrow(/neither/)
    expect(() => parseReportText(Buffer.from('{"result": 3}'))).toThrow(/not a SLATE bridge report/)
    // Damaged values inside a real layout do not throw: they count as 0.
    const damaged = generateReportText({ objects: 10 }).replace(/packedSize: \d+/, 'packedSize: 12x')
    expect(() => parseReportText(Buffer.from(damaged))).not.toThrow()
  })
})
