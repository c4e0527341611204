import fs from 'node:fs'
import type { SizeReport } from '../../../src-shared/types-buildsize'
import { fromBridgeJson } from './bridge-json-report'
import { UnityYamlReportReader } from './unity-yaml-report'

/** A report SLATE cannot read, with what to do instead. */
export class ReportFormatError extends Error {
  constructor(
    message: string,
    readonly kind: 'binary' | 'unknown' | 'invalid' | 'too-large',
  ) {
    super(message)
    this.name = 'ReportFormatError'
  }
}

export const BINARY_REPORT_ADVICE =
  "Unity wrote this BuildReport in its binary format (the default for Library/LastBuild.buildreport). SLATE reads BuildReports serialized as text (Editor Settings › Asset Serialization › Force Text, or a report saved into Assets by BuildReportInspector), and the bridge's JSON report: build through SLATE (`slate build`, or the Builds view) and the sizes are recorded with the build, or run the bridge's `Slate.Bridge.BuildCommand.Build` and import the JSON it writes to -slateReportPath."

/** JSON reports are parsed whole; far above any real bridge report, far below what would hurt. */
const MAX_JSON_BYTES = 512 * 1024 * 1024

type Sniffed = 'yaml' | 'json' | 'binary' | 'unknown'

/** What a report's first bytes say it is. */
export function sniffReport(head: Buffer): Sniffed {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++
  const start = head.toString('latin1', i, i + 5)
  if (start === '%YAML' || start.startsWith('---')) return 'yaml'
  if (head[i] === 0x7b) return 'json'
  // Unity's binary SerializedFile starts with big-endian header words: NULs in the first bytes.
  const probe = head.subarray(0, Math.min(head.length, 64))
  if (probe.includes(0)) return 'binary'
  return 'unknown'
}

/**
 * Read any report SLATE knows from a file, streaming: a text BuildReport is scanned chunk by chunk
 * (PackedAssets summed as they come), the bridge's JSON is parsed whole. Throws ReportFormatError
 * with advice for binary or unknown files.
 */
export async function readReportFile(file: string): Promise<SizeReport> {
  // Not a regular file (a FIFO would block the open, a folder cannot be read): refuse before opening.
  if (!(await fs.promises.stat(file)).isFile()) throw new ReportFormatError(`${file} is not a regular file`, 'invalid')
  const fd = await fs.promises.open(file, 'r')
  let head: Buffer
  let st: fs.Stats
  try {
    st = await fd.stat()
    if (!st.isFile()) throw new ReportFormatError(`${file} is not a file`, 'invalid')
    head = Buffer.alloc(Math.min(4096, st.size))
    await fd.read(head, 0, head.length, 0)
  } finally {
    await fd.close()
  }
  const kind = sniffReport(head)
  if (kind === 'binary') throw new ReportFormatError(`${file}: ${BINARY_REPORT_ADVICE}`, 'binary')
  if (kind === 'unknown') throw new ReportFormatError(`${file} is neither a text-serialized Unity BuildReport (starts with %YAML) nor a SLATE bridge report (JSON)`, 'unknown')
  if (kind === 'json') {
    if (st.size > MAX_JSON_BYTES) throw new ReportFormatError(`${file} is ${st.size} bytes: too large for a JSON report`, 'too-large')
    return parseReportText(await fs.promises.readFile(file), file)
  }
  const reader = new UnityYamlReportReader()
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  for await (const chunk of stream) reader.push(chunk as Buffer)
  try {
    return reader.end()
  } catch (err) {
    throw new ReportFormatError(`${file}: ${(err as Error).message}`, 'invalid')
  }
}

/** The same from bytes in memory (an upload from the Builds view). */
export function parseReportText(bytes: Buffer, name = 'report'): SizeReport {
  const kind = sniffReport(bytes.subarray(0, 4096))
  if (kind === 'binary') throw new ReportFormatError(`${name}: ${BINARY_REPORT_ADVICE}`, 'binary')
  if (kind === 'unknown') throw new ReportFormatError(`${name} is neither a text-serialized Unity BuildReport (starts with %YAML) nor a SLATE bridge report (JSON)`, 'unknown')
  if (kind === 'json') {
    let raw: unknown
    try {
      raw = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))
    } catch (err) {
      throw new ReportFormatError(`${name} is not valid JSON: ${(err as Error).message}`, 'invalid')
    }
    try {
      return fromBridgeJson(raw)
    } catch (err) {
      throw new ReportFormatError(`${name}: ${(err as Error).message}`, 'invalid')
    }
  }
  const reader = new UnityYamlReportReader()
  reader.push(bytes)
  try {
    return reader.end()
  } catch (err) {
    throw new ReportFormatError(`${name}: ${(err as Error).message}`, 'invalid')
  }
}
