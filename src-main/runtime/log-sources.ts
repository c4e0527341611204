import { createHash } from 'node:crypto'
import type * as D from '../../src-shared/types-data'
import type { Subjects } from '../bus/subjects'
import { uuidv7 } from '../store/bulk'
import type { Database } from '../store/db'
import { writeAssetLogs, writeBuildLogs, type AssetLogRow, type BuildLogRow } from '../store/log-tables'
import type { LogSource } from './log-aggregator'
import { classifyLevel, isRfc3339, isUuidText, levelOf, storableText } from './log-lines'
import type { LogSink } from './log-sink'

/**
 * The build and asset-processing log subjects the logs service stores besides runtime lines,
 * each with its table (migration 0019). Messages that are not of the expected shape give no
 * rows (a stray publisher cannot stop the aggregator).
 */


/** `<root>.build.<jobId>.log`: { jobId, firstLine, lines: string[] } (builds/bus-events.ts). */
export function buildLogSource(S: Subjects): LogSource<BuildLogRow> {
  return {
    subject: S.buildLogAll(),
    durable: 'slate-log-aggregator-build',
    toRows(data) {
      const ev = data as { jobId?: unknown; firstLine?: unknown; lines?: unknown }
      if (!ev || typeof ev.jobId !== 'string' || !isUuidText(ev.jobId) || !Array.isArray(ev.lines)) return []
      const first = Number.isInteger(ev.firstLine) && (ev.firstLine as number) >= 1 ? (ev.firstLine as number) : 1
      const now = new Date().toISOString()
      return ev.lines.flatMap((l, i) => (typeof l === 'string' ? [{ jobId: ev.jobId as string, lineNo: first + i, level: classifyLevel(l, 'stdout'), message: storableText(l), timestamp: now }] : []))
    },
  }
}

/**
 * A row id that is the same when JetStream delivers the message again (stream sequence + index
 * in the message), random in-process (nothing is redelivered there).
 */
function assetRowId(streamKey: string, seq: number | null, index: number): string {
  if (seq === null) return uuidv7()
  // sha256-based (the ids stored so far were made so; store/project-id's nameBasedUuid is SHA-1)
  const h = createHash('sha256').update(`${streamKey}:${seq}:${index}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** `{ level?, message, source?, … }` or `{ lines: [those] }`: the rest goes to metadata. */
function assetLines(data: unknown): Record<string, unknown>[] {
  const d = data as { lines?: unknown; message?: unknown }
  const all = Array.isArray(d?.lines) ? (d.lines as unknown[]) : [data]
  return all.filter((l): l is Record<string, unknown> => !!l && typeof l === 'object' && typeof (l as { message?: unknown }).message === 'string')
}

function assetSource(S: Subjects, kind: 'batch' | 'asset'): LogSource<AssetLogRow> {
  return {
    subject: kind === 'batch' ? S.assetBatchLogAll() : S.assetLogAll(),
    durable: kind === 'batch' ? 'slate-log-aggregator-asset-batch' : 'slate-log-aggregator-asset',
    toRows(data, meta) {
      const tokens = meta.subject.split('.')
      const id = tokens[tokens.length - 2]
      const now = new Date().toISOString()
      return assetLines(data).map((l, i) => {
        const { level, message, source, timestamp, projectId, ...rest } = l as { level?: unknown; message: string; source?: unknown; timestamp?: unknown; projectId?: unknown }
        return {
          id: assetRowId(`${S.root}.${kind}`, meta.seq, i),
          projectId: isUuidText(projectId) ? projectId : null,
          batchId: kind === 'batch' ? id : null,
          assetId: kind === 'asset' ? id : null,
          level: levelOf(level, message),
          message: storableText(message),
          source: typeof source === 'string' ? storableText(source.slice(0, 4096)) : null,
          timestamp: isRfc3339(timestamp) ? timestamp : now,
          metadata: rest as D.JsonObject,
        }
      })
    },
  }
}

/** `<root>.asset.batch.<batchId>.log`: one line per processed file (api/handlers/assetproc.ts). */
export const assetBatchLogSource = (S: Subjects) => assetSource(S, 'batch')
/** `<root>.asset.<assetId>.log`: lines about one asset. */
export const assetLogSource = (S: Subjects) => assetSource(S, 'asset')

export class PgBuildLogSink implements LogSink<BuildLogRow> {
  constructor(private readonly db: Database) {}
  write(rows: BuildLogRow[]) {
    return writeBuildLogs(this.db, rows)
  }
}

export class PgAssetLogSink implements LogSink<AssetLogRow> {
  constructor(private readonly db: Database) {}
  write(rows: AssetLogRow[]) {
    return writeAssetLogs(this.db, rows)
  }
}
