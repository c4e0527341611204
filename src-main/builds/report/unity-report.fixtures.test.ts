import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readReportFile } from './read-report'
import { assetKey, sizeBreakdown } from './size-analysis'
import { diffReports } from './size-diff'
import { diffJson } from './diff-format'
import { lineScan } from './testing/line-scan'
import { outputPathNormalizer } from './report-paths'

// The real pair: two successive Android builds saved by BuildReportInspector (../shared/fixtures).
const DIR = path.resolve(__dirname, '../../../../shared/fixtures/buildreports')
const A = path.join(DIR, 'Build_2020-26-Feb-16-32-33.buildreport')
const B = path.join(DIR, 'Build_2020-26-Feb-16-37-00.buildreport')

describe("Unity's own text BuildReports (the real pair)", () => {
  it('reads summary, files, steps and packed assets with the figures of an independent line scan', async () => {
    for (const file of [A, B]) {
      const text = fs.readFileSync(file, 'utf8')
      const scan = lineScan(text)
      const r = await readReportFile(file)
      expect(r.format).toBe('unity-yaml')
      expect(r.kind).toBe('player')
      expect(r.platform).toBe('Android')
      expect(r.target).toBe('Android')
      expect(r.totalSize).toBe(scan.summaryTotal)
      expect(r.files.length).toBe(scan.files.size)
      expect(r.files.reduce((s, f) => s + f.size, 0)).toBe([...scan.files.values()].reduce((s, f) => s + f.size, 0))
      // Every packed object is counted once, and per asset the sums agree.
      expect(r.packed.reduce((s, p) => s + p.size, 0)).toBe(scan.packedTotal)
      expect(r.packed.reduce((s, p) => s + p.objects, 0)).toBe(scan.objects)
      const b = sizeBreakdown(r)
      expect(new Map(b.assets.map((a) => [a.key, a.size]))).toEqual(scan.perAsset)
      // Per output file: the PackedAssets documents point at m_Files entries by id.
      const norm = outputPathNormalizer([...scan.files.keys()], r.outputPath)
      const perFile = new Map([...scan.perFile].map(([p, s]) => [norm(p), s]))
      const fromModel = new Map<string, number>()
      for (const p of r.packed) fromModel.set(p.file, (fromModel.get(p.file) ?? 0) + p.size)
      expect(fromModel).toEqual(perFile)
      // Steps: the top step is the whole build, as Unity's summary says.
      expect(r.steps[0].name).toBe('Build player')
      expect(r.steps[0].durationMs).toBe(r.durationMs)
      expect(r.steps.some((s) => s.messages.some((m) => m.type === 'warning' && m.content.includes('AudioListener')))).toBe(true)
    }
  })

  it('names output files relative to the project, so two machines compare', async () => {
    const r = await readReportFile(A)
    expect(r.files.every((f) => !/^[A-Za-z]:\//.test(f.path))).toBe(true)
    expect(r.files.find((f) => f.role === 'APK')?.path).toBe('kek.apk')
    expect(r.packed.map((p) => p.file)).toContain('Temp/StagingArea/Data/data.unity3d/sharedassets0.assets.resS')
  })

  it('a texture in X and X.resS is one placement, not a duplicate; biggest first everywhere', async () => {
    const b = sizeBreakdown(await readReportFile(A))
    expect(b.duplicates).toEqual([])
    const red = b.assets.find((a) => a.path === 'Assets/Sprites/red.png')!
    expect(red.files.map((f) => f.file)).toHaveLength(2)
    for (const list of [b.files.map((f) => f.size), b.assets.map((a) => a.size), b.types.map((t) => t.size), b.folders.map((f) => f.size)]) {
      expect(list).toEqual([...list].sort((x, y) => y - x))
    }
    // Folders include their ancestors: Assets holds everything under Assets/.
    const assetsFolder = b.folders.find((f) => f.key === 'Assets')!
    expect(assetsFolder.size).toBe(b.assets.filter((a) => a.path.startsWith('Assets/')).reduce((s, a) => s + a.size, 0))
  })

  it('the diff of the pair agrees with the line scans: totals, changed files, changed assets, order', async () => {
    const [ra, rb] = [await readReportFile(A), await readReportFile(B)]
    const [sa, sb] = [lineScan(fs.readFileSync(A, 'utf8')), lineScan(fs.readFileSync(B, 'utf8'))]
    const d = diffReports(ra, rb)
    expect(d.total).toEqual({ before: sa.summaryTotal, after: sb.summaryTotal, delta: sb.summaryTotal - sa.summaryTotal })
    const norm = outputPathNormalizer([...sa.files.keys()], ra.outputPath)
    const expected: { path: string; delta: number }[] = []
    for (const p of new Set([...sa.files.keys(), ...sb.files.keys()])) {
      const delta = (sb.files.get(p)?.size ?? 0) - (sa.files.get(p)?.size ?? 0)
      if (delta) expected.push({ path: norm(p), delta })
    }
    expected.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || (x.path < y.path ? -1 : 1))
    expect(d.files.map((f) => ({ path: f.path, delta: f.delta }))).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
    const assetDeltas = new Map<string, number>()
    for (const k of new Set([...sa.perAsset.keys(), ...sb.perAsset.keys()])) {
      const delta = (sb.perAsset.get(k) ?? 0) - (sa.perAsset.get(k) ?? 0)
      if (delta) assetDeltas.set(k, delta)
    }
    expect(new Map(d.assets.map((a) => [assetKey(a.guid, a.path), a.delta]))).toEqual(assetDeltas)
    // The JSON contract: exactly these keys, in this order.
    const json = JSON.parse(diffJson(d))
    expect(Object.keys(json)).toEqual(['total', 'files', 'assets'])
    expect(Object.keys(json.files[0])).toEqual(['path', 'role', 'before', 'after', 'delta'])
  })
})
