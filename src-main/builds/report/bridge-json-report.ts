import type { BuildResult, BuildStep } from '../../../src-shared/types-builds'
import type { SizeBuildKind, SizePacked, SizeReport } from '../../../src-shared/types-buildsize'
import { outputPathNormalizer, targetOfPlatform } from './report-paths'

/**
 * The bridge's report JSON (resources/unity-package/Editor/ReportJson.cs): the fields every version
 * writes (result, platform, outputPath, totalTimeMs, totalSize, totals, times, steps, packedAssets
 * summed per source asset), and what it adds for sizes: `files [{path, role, size}]`,
 * `packedFiles [{file, contents [{guid, path, type, size, objects}]}]`, `kind` and `buildGuid`.
 * A report from an older bridge has no files: its packed assets are then placed in one pseudo file
 * "(all output files)", so per-asset sizes and diffs still work.
 */
const RESULTS: BuildResult[] = ['Succeeded', 'Failed', 'Cancelled', 'Unknown']
const KINDS: SizeBuildKind[] = ['player', 'asset-bundles', 'addressables']
export const ALL_FILES = '(all output files)'

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v))
const size = (v: unknown): number => {
  const n = Number(v)
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : 0
}

export function isBridgeReport(raw: unknown): boolean {
  const r = obj(raw)
  return typeof r.result === 'string' && ('packedAssets' in r || 'steps' in r || 'files' in r)
}

export function fromBridgeJson(raw: unknown): SizeReport {
  const r = obj(raw)
  const result = RESULTS.find((x) => x.toLowerCase() === str(r.result).toLowerCase())
  if (!result) throw new Error(`not a SLATE bridge report: "result" is ${JSON.stringify(r.result)}`)
  const outputPath = str(r.outputPath)
  const rawFiles = arr(r.files).map(obj).map((f) => ({ path: str(f.path), role: str(f.role), size: size(f.size ?? f.totalSize) }))
  const norm = outputPathNormalizer(rawFiles.map((f) => f.path), outputPath)
  const files = rawFiles.map((f) => ({ ...f, path: norm(f.path) }))
  const notes: string[] = []
  const packed: SizePacked[] = []
  const packedFiles = arr(r.packedFiles).map(obj)
  if (packedFiles.length) {
    for (const pf of packedFiles) {
      const file = norm(str(pf.file)) || ALL_FILES
      for (const c of arr(pf.contents).map(obj)) {
        packed.push({ file, guid: str(c.guid).toLowerCase(), path: str(c.path), type: str(c.type) || 'Unknown', size: size(c.size), objects: Math.max(1, size(c.objects)) })
      }
    }
  } else {
    const old = arr(r.packedAssets).map(obj)
    if (old.length) notes.push('this bridge report has no per-file placement (older bridge): assets are listed under "(all output files)"')
    for (const p of old) {
      packed.push({ file: ALL_FILES, guid: str(p.sourceAssetGUID).toLowerCase(), path: str(p.sourceAssetPath), type: str(p.type) || 'Unknown', size: size(p.packedSize), objects: 1 })
    }
  }
  const steps: BuildStep[] = arr(r.steps)
    .map(obj)
    .map((s) => ({
      name: str(s.name),
      depth: Math.max(0, Math.floor(Number(s.depth) || 0)),
      durationMs: size(s.durationMs),
      messages: arr(s.messages).map(obj).map((m) => ({ type: str(m.type).toLowerCase() || 'info', content: str(m.content) })),
    }))
  const platform = str(r.platform)
  const kind = KINDS.find((k) => k === str(r.kind)) ?? 'player'
  const started = Date.parse(str(r.buildStartedAt))
  const guid = str(r.buildGuid).toLowerCase().replace(/-/g, '')
  return {
    format: 'bridge-json',
    kind,
    name: str(r.name) || null,
    buildGuid: /^[0-9a-f]{32}$/.test(guid) && !/^0+$/.test(guid) ? guid : null,
    platform,
    target: targetOfPlatform(platform),
    result,
    outputPath,
    startedAt: Number.isFinite(started) && started > 0 ? new Date(started).toISOString() : null,
    durationMs: size(r.totalTimeMs),
    totalSize: size(r.totalSize) || files.reduce((a, f) => a + f.size, 0) || packed.reduce((a, p) => a + p.size, 0),
    errors: size(r.totalErrors),
    warnings: size(r.totalWarnings),
    steps,
    files,
    packed,
    notes,
  }
}
