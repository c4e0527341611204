import { describe, expect, it } from 'vitest'
import { ALL_FILES } from './bridge-json-report'
import { parseReportText } from './read-report'
import { sizeBreakdown } from './size-analysis'
import { diffReports } from './size-diff'

// The bridge's JSON as ReportJson.cs writes it (fields in resources/unity-package/Editor/ReportJson.cs).
function bridgeReport(o: { audio: number; withFiles: boolean; kind?: string }) {
  const contents = {
    'C:/proj/Builds/Game_Data/sharedassets0.assets': [
      { guid: '1b2c000000000000000000000000aa01', path: 'Assets/Textures/small.png', type: 'Texture2D', size: 1024, objects: 1 },
      { guid: '5f6a000000000000000000000000aa03', path: 'Assets/Prefabs/Boat.prefab', type: 'GameObject', size: 300, objects: 12 },
    ],
    'C:/proj/Builds/Game_Data/sharedassets0.resource': [{ guid: '3d4e000000000000000000000000aa02', path: 'Assets/Audio/theme.ogg', type: 'AudioClip', size: o.audio, objects: 1 }],
    'C:/proj/Builds/Game_Data/sharedassets1.assets': [{ guid: '1b2c000000000000000000000000aa01', path: 'Assets/Textures/small.png', type: 'Texture2D', size: 1024, objects: 1 }],
  }
  const files = Object.entries(contents).map(([path, c]) => ({ path, role: 'SharedAssets', size: c.reduce((s, x) => s + x.size, 4096) }))
  const perGuid = new Map<string, { sourceAssetGUID: string; sourceAssetPath: string; packedSize: number; type: string }>()
  for (const c of Object.values(contents).flat()) {
    const e = perGuid.get(c.guid) ?? { sourceAssetGUID: c.guid, sourceAssetPath: c.path, packedSize: 0, type: c.type }
    e.packedSize += c.size
    perGuid.set(c.guid, e)
  }
  return {
    result: 'Succeeded',
    platform: 'StandaloneWindows64',
    outputPath: 'C:/proj/Builds/Game.exe',
    totalTimeMs: 90_000,
    totalSize: files.reduce((s, f) => s + f.size, 0),
    totalErrors: 0,
    totalWarnings: 2,
    buildStartedAt: '2026-11-30T10:00:00.0000000Z',
    buildEndedAt: '2026-11-30T10:01:30.0000000Z',
    steps: [{ name: 'Build player', depth: 0, durationMs: 90_000, messages: [{ type: 'Warning', content: 'careful' }] }],
    packedAssets: [...perGuid.values()].sort((a, b) => b.packedSize - a.packedSize),
    ...(o.withFiles ? { kind: o.kind ?? 'player', buildGuid: '7caa7e51409ac62498a5d8bc5ef315a3', files, packedFiles: Object.entries(contents).map(([file, c]) => ({ file, contents: c })) } : {}),
  }
}

const parse = (o: object) => parseReportText(Buffer.from(JSON.stringify(o)))

describe("the bridge's report JSON", () => {
  it('reads files and per-file placement; totals are what the JSON says', () => {
    const raw = bridgeReport({ audio: 500_000, withFiles: true })
    const r = parse(raw)
    expect(r).toMatchObject({ format: 'bridge-json', kind: 'player', target: 'StandaloneWindows64', result: 'Succeeded', totalSize: raw.totalSize, durationMs: 90_000, buildGuid: raw.buildGuid })
    expect(r.startedAt).toBe('2026-11-30T10:00:00.000Z')
    expect(r.files.map((f) => f.path)).toEqual(['Game_Data/sharedassets0.assets', 'Game_Data/sharedassets0.resource', 'Game_Data/sharedassets1.assets'])
    const b = sizeBreakdown(r)
    // Per asset, the same sums as the bridge's own per-GUID list.
    expect(b.assets.map((a) => [a.guid, a.size])).toEqual(raw.packedAssets.map((p) => [p.sourceAssetGUID, p.packedSize]))
    // small.png is in two serialized files: a real duplicate, 1024 bytes too many.
    expect(b.duplicates).toEqual([expect.objectContaining({ path: 'Assets/Textures/small.png', extra: 1024, files: [expect.objectContaining({ size: 1024 }), expect.objectContaining({ size: 1024 })] })])
    expect(b.types.find((t) => t.key === 'GameObject')).toEqual({ key: 'GameObject', size: 300, count: 12 })
  })

  it('an older bridge (no files) still gives per-asset sizes and diffs, and says what it lacks', () => {
    const r = parse(bridgeReport({ audio: 500_000, withFiles: false }))
    expect(r.files).toEqual([])
    expect(new Set(r.packed.map((p) => p.file))).toEqual(new Set([ALL_FILES]))
    expect(r.notes.join(' ')).toMatch(/older bridge/)
    const d = diffReports(r, parse(bridgeReport({ audio: 800_000, withFiles: false })))
    expect(d.assets).toEqual([{ path: 'Assets/Audio/theme.ogg', guid: '3d4e000000000000000000000000aa02', type: 'AudioClip', before: 500_000, after: 800_000, delta: 300_000 }])
  })

  it('a content build report keeps its kind; bundles are its files', () => {
    const r = parse(bridgeReport({ audio: 1, withFiles: true, kind: 'addressables' }))
    expect(r.kind).toBe('addressables')
  })
})
