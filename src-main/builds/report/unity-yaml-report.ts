import type { BuildResult, BuildStep } from '../../../src-shared/types-builds'
import type { SizePacked, SizeReport } from '../../../src-shared/types-buildsize'
import { isMap, parseYaml, type YamlMap, type YamlValue } from '../../unity/yaml/unity-yaml'
import { PackedScanner, packedEntries, type PackedDocument } from './packed-scanner'
import { outputPathNormalizer, targetOfPlatform } from './report-paths'

/**
 * Unity's BuildReport as Unity serializes it in text mode (the files under Assets that
 * BuildReportInspector saves, `Library/LastBuild.buildreport` when the project forces text):
 *   --- !u!1125 &1         BuildReport: m_Summary, m_Files, m_BuildSteps, m_Appendices
 *   --- !u!1126 &<id>      PackedAssets: what was packed into one output file, per object
 *   (plus AudioBuildInfo, PluginBuildInfo, a MonoBehaviour of platform data…: skipped)
 *
 * Fed chunk by chunk (a 70 MB report is never one string): the BuildReport document is small and
 * read with the project's YAML reader; the PackedAssets documents are the bulk and go through
 * PackedScanner, which sums objects per asset as it reads. Documents may come in any order (Unity
 * writes appendices before and after the report).
 */
export class UnityYamlReportReader {
  private carry: Buffer | null = null
  private kind: 'report' | 'packed' | 'skip' | 'none' = 'none'
  private reportLines: string[] = []
  private reportSeen = false
  private packed: PackedScanner | null = null
  private readonly docs: PackedDocument[] = []
  private lineNo = 0
  private sawHeader = false
  readonly notes: string[] = []

  push(chunk: Buffer): void {
    let buf = chunk
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk])
      this.carry = null
    }
    let start = 0
    for (;;) {
      const nl = buf.indexOf(0x0a, start)
      if (nl < 0) break
      this.line(buf, start, nl)
      start = nl + 1
    }
    if (start < buf.length) this.carry = Buffer.from(buf.subarray(start))
  }

  private line(buf: Buffer, start: number, end: number): void {
    this.lineNo++
    if (buf[start] === 0x2d && buf[start + 1] === 0x2d && buf[start + 2] === 0x2d) {
      this.finishDoc()
      const header = buf.toString('latin1', start, end).trim()
      const m = /^--- !u!(-?\d+) &(-?\d+)/.exec(header)
      this.sawHeader = true
      if (!m) this.kind = 'skip'
      else if (m[1] === '1125') {
        if (this.reportSeen) this.notes.push(`line ${this.lineNo}: a second BuildReport document was ignored`)
        this.kind = this.reportSeen ? 'skip' : 'report'
        this.reportSeen = true
      } else if (m[1] === '1126') {
        this.kind = 'packed'
        this.packed = new PackedScanner()
      } else this.kind = 'skip'
      return
    }
    if (this.kind === 'packed') this.packed!.line(buf, start, end)
    else if (this.kind === 'report') this.reportLines.push(buf.toString('utf8', start, end))
  }

  private finishDoc(): void {
    if (this.kind === 'packed' && this.packed) this.docs.push(this.packed.end())
    this.packed = null
    this.kind = 'none'
  }

  end(): SizeReport {
    if (this.carry) {
      const c = this.carry
      this.carry = null
      this.line(c, 0, c.length)
    }
    this.finishDoc()
    if (!this.sawHeader || !this.reportSeen) {
      throw new Error('not a text-serialized Unity BuildReport: no `--- !u!1125` BuildReport document')
    }
    const { value, problems } = parseYaml(this.reportLines.join('\n'))
    for (const p of problems.slice(0, 5)) this.notes.push(`BuildReport: ${p}`)
    const root = isMap(value) && isMap(value.BuildReport) ? value.BuildReport : null
    if (!root) throw new Error('the BuildReport document has no `BuildReport:` mapping')
    return assemble(root, this.docs, this.notes)
  }
}

/** Parse a whole report held in memory (tests, small files). */
export function parseUnityYamlReport(text: string | Buffer): SizeReport {
  const r = new UnityYamlReportReader()
  r.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text)
  return r.end()
}

const RESULTS: BuildResult[] = ['Unknown', 'Succeeded', 'Failed', 'Cancelled']
// LogType: Error, Assert, Warning, Log, Exception.
const LOG_TYPES = ['error', 'error', 'warning', 'info', 'exception']
// .NET ticks (100 ns since 0001-01-01) of the Unix epoch.
const EPOCH_TICKS = 621355968000000000n

function str(v: YamlValue | undefined): string {
  return typeof v === 'string' ? v : ''
}
function num(v: YamlValue | undefined): number {
  const n = Number(str(v))
  return Number.isFinite(n) && n >= 0 ? n : 0
}
function list(v: YamlValue | undefined): YamlMap[] {
  return Array.isArray(v) ? v.filter(isMap) : []
}
/** Ticks are 64-bit: read them as BigInt, then scale down to milliseconds. */
function ticksToMs(v: YamlValue | undefined): number {
  const s = str(v).trim()
  if (!/^\d{1,20}$/.test(s)) return 0
  return Number(BigInt(s) / 10000n)
}
function ticksToIso(v: YamlValue | undefined): string | null {
  const s = str(v).trim()
  if (!/^\d{1,20}$/.test(s)) return null
  const ms = Number((BigInt(s) - EPOCH_TICKS) / 10000n)
  const d = new Date(ms)
  return ms > 0 && !isNaN(d.getTime()) ? d.toISOString() : null
}

function assemble(root: YamlMap, docs: PackedDocument[], notes: string[]): SizeReport {
  const s = isMap(root.m_Summary) ? root.m_Summary : {}
  const outputPath = str(s.outputPath)
  const rawFiles = list(root.m_Files).map((f) => ({ id: str(f.id).trim(), path: str(f.path), role: str(f.role), size: num(f.totalSize) }))
  const norm = outputPathNormalizer(rawFiles.map((f) => f.path), outputPath)
  const files = rawFiles.map((f) => ({ path: norm(f.path), role: f.role, size: f.size }))
  const byId = new Map(rawFiles.map((f, i) => [f.id, files[i].path]))

  const packed: SizePacked[] = []
  for (const d of docs) {
    const file = (d.fileId !== null && byId.get(d.fileId)) || d.shortPath || `file ${d.fileId ?? '?'}`
    if (d.fileId !== null && !byId.has(d.fileId)) notes.push(`PackedAssets of ${d.shortPath || d.fileId}: m_File ${d.fileId} is not in m_Files`)
    for (const e of packedEntries(d)) packed.push({ file, guid: e.guid, path: e.path, type: e.type, size: e.size, objects: e.objects })
  }

  const steps: BuildStep[] = list(root.m_BuildSteps).map((st) => ({
    name: str(st.stepName),
    depth: Math.max(0, Math.floor(num(st.depth))),
    durationMs: ticksToMs(st.durationTicks),
    messages: list(st.messages).map((m) => ({ type: LOG_TYPES[Number(str(m.type))] ?? 'info', content: str(m.content) })),
  }))

  const platform = str(s.platformName) || str(s.platform)
  const buildType = str(s.buildType).trim()
  const totalSize = num(s.totalSize) || files.reduce((a, f) => a + f.size, 0)
  const guid = str(s.buildGUID).trim().toLowerCase()
  return {
    format: 'unity-yaml',
    kind: buildType === '2' ? 'asset-bundles' : 'player',
    name: str(root.m_Name) || null,
    buildGuid: /^[0-9a-f]{32}$/.test(guid) && !/^0+$/.test(guid) ? guid : null,
    platform,
    target: targetOfPlatform(platform),
    result: RESULTS[Number(str(s.buildResult))] ?? 'Unknown',
    outputPath,
    startedAt: isMap(s.buildStartTime) ? ticksToIso(s.buildStartTime.ticks) : null,
    durationMs: ticksToMs(s.totalTimeTicks),
    totalSize,
    errors: num(s.totalErrors),
    warnings: num(s.totalWarnings),
    development: (num(s.options) & 1) === 1,
    steps,
    files,
    packed,
    notes,
  }
}
