import crypto from 'node:crypto'
import path from 'node:path'
import type { Bus } from '../../bus/bus'
import type { Subjects } from '../../bus/subjects'
import type { BatchProgress } from './types'

/**
 * A batch on the bus, wherever it runs (the app, `slate assets process`, a farm worker), so the
 * log aggregator, analytics and other machines see it:
 *   <root>.asset.batch.<id>.progress  { batchId, phase, done, failed, total, origin, file? }
 *   <root>.asset.batch.<id>.log       { id, batchId, level, message, timestamp, source?, ms?, projectId? }
 * (the log subject is kept by JetStream's LOGS stream on NATS). A per-file progress message
 * carries the file's outcome, minus nothing: a follower on another machine can build the same
 * list as the UI.
 */
export interface AssetBatchProgressMessage extends BatchProgress {
  /** who ran it: app, cli, or farm worker name */
  origin: string
}

export interface AssetBatchLogLine {
  id: string
  batchId: string
  level: 'info' | 'warning' | 'error'
  message: string
  timestamp: string
  source?: string
  ms?: number
  /** the project the batch runs in, when it runs in one */
  projectId?: string
}

export function logLineFor(p: BatchProgress, projectId: string | null = null): AssetBatchLogLine {
  const base = { id: crypto.randomUUID(), batchId: p.batchId, timestamp: new Date().toISOString(), ...(projectId ? { projectId } : {}) }
  const f = p.file
  if (f) {
    const message = f.ok ? `${path.basename(f.source)} → ${f.outputs.map((o) => path.basename(o.path)).join(', ')}` : `${path.basename(f.source)}: ${f.error}`
    return { ...base, level: f.ok ? 'info' : 'error', message, source: f.source, ms: f.ms }
  }
  const counts = `${p.done - p.failed} processed, ${p.failed} failed of ${p.total}`
  if (p.phase === 'started') return { ...base, level: 'info', message: `batch started: ${p.total} files${p.sweptTemps ? `; removed ${p.sweptTemps} temp files of a killed earlier batch` : ''}` }
  if (p.phase === 'cancelled') return { ...base, level: 'warning', message: `batch cancelled: ${counts}` }
  return { ...base, level: p.failed ? 'warning' : 'info', message: `batch finished: ${counts}` }
}

/**
 * A progress callback that publishes each event (and its log line) on the bus. `projectId`: the
 * project the batch runs in, carried by its log lines so the team policies cover them.
 */
export function busProgress(bus: Bus, subjects: Subjects, origin: string, projectId: string | null = null): (p: BatchProgress) => void {
  return (p) => {
    const msg: AssetBatchProgressMessage = { ...p, origin }
    // The log line first: a follower that stops at the 'finished' progress has heard the line too.
    bus.publish(subjects.assetBatchLog(p.batchId), logLineFor(p, projectId))
    bus.publish(subjects.assetBatchProgress(p.batchId), msg)
  }
}

/** Follow one batch from anywhere on the bus. Returns the unsubscribe. */
export function followAssetBatch(bus: Bus, subjects: Subjects, batchId: string, on: { progress?(p: AssetBatchProgressMessage): void; log?(l: AssetBatchLogLine): void }): () => void {
  const subs = [
    bus.subscribe<AssetBatchProgressMessage>(subjects.assetBatchProgress(batchId), (m) => on.progress?.(m.data)),
    bus.subscribe<AssetBatchLogLine>(subjects.assetBatchLog(batchId), (m) => on.log?.(m.data)),
  ]
  return () => subs.forEach((s) => s.unsubscribe())
}
