import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { BUILD_TARGETS, type BuildResult, type BuildTarget } from '../../src-shared/types-builds'
import { defaultProfile } from './profiles'
import type { BuildHistoryStore } from './history-store'
import { readConfined } from '../core/confined-fs'

/**
 * Import Unity 6.6+'s own build history: each Player build leaves
 * `Library/BuildHistory/<build>/BuildReportSummary.json` (PascalCase fields: BuildSessionGUID,
 * BuildResultName, BuildOptions, BuildName, BuildProfilePath, timings and sizes). Builds made in
 * the Editor's Build window then show up next to SLATE's own. Field lookup is tolerant (case and a
 * few alternative names) because the format is new; a file without a result is skipped. Imports
 * are idempotent: the job id is derived from the build's GUID.
 */
export async function importUnityBuildHistory(projectRoot: string, projectName: string, history: BuildHistoryStore): Promise<number> {
  const dir = path.join(projectRoot, 'Library', 'BuildHistory')
  let entries: string[]
  try {
    entries = await fs.readdir(dir)
  } catch {
    return 0
  }
  let imported = 0
  for (const name of entries) {
    let raw: Record<string, unknown>
    try {
      // The read path: a regular file inside the project (Library/ is the project's, links and FIFOs included).
      raw = JSON.parse((await readConfined(projectRoot, `Library/BuildHistory/${name}/BuildReportSummary.json`, 16 * 1024 * 1024)).toString('utf8').replace(/^\uFEFF/, ''))
    } catch {
      continue
    }
    const s = summaryFields(raw)
    if (!s) continue
    const id = uuidFrom(s.guid ?? `${projectRoot}/${name}`)
    const existing = await history.get(id).catch(() => null)
    if (existing?.completedAt) continue
    const type = s.options.includes('Development') ? 'development' : 'production'
    await history.createJob({
      id,
      projectRoot,
      projectName,
      target: s.target,
      type,
      runner: 'local',
      profile: { ...defaultProfile(s.target, type, projectName), name: 'Unity Editor build', ...(s.profilePath ? { unityBuildProfile: s.profilePath } : {}) },
      unityVersion: null,
      commandLine: [],
      sourceCommit: null,
      userId: 'unity-build-history',
      status: 'running',
      origin: 'imported',
    })
    const ok = await history.complete(id, {
      status: s.result === 'Succeeded' ? 'succeeded' : s.result === 'Cancelled' ? 'cancelled' : 'failed',
      result: s.result,
      failureKind: s.result === 'Failed' || s.result === 'Unknown' ? 'report-failed' : null,
      reason: s.result === 'Succeeded' ? null : `Imported from Unity's build history: ${s.result}.`,
      startedAt: s.startedAt,
      completedAt: s.endedAt,
      durationMs: s.durationMs,
      totalSize: s.totalSize,
      outputPath: s.outputPath,
      errorCount: s.errors,
      warningCount: s.warnings,
      steps: [],
      packedAssets: [],
      messages: [],
      worker: 'Unity Editor',
    })
    if (ok) imported++
  }
  return imported
}

function pick(raw: Record<string, unknown>, ...names: string[]): unknown {
  const lower = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]))
  for (const n of names) if (lower.has(n.toLowerCase())) return lower.get(n.toLowerCase())
  return undefined
}

const RESULTS: BuildResult[] = ['Succeeded', 'Failed', 'Cancelled', 'Unknown']

export function summaryFields(raw: Record<string, unknown>) {
  const resultName = String(pick(raw, 'BuildResultName', 'Result') ?? '')
  const result = RESULTS.find((r) => r.toLowerCase() === resultName.toLowerCase())
  if (!result) return null
  const targetName = String(pick(raw, 'BuildTargetName', 'BuildTarget', 'Platform') ?? '')
  const target = (BUILD_TARGETS as readonly string[]).includes(targetName) ? (targetName as BuildTarget) : 'StandaloneWindows64'
  const started = String(pick(raw, 'BuildStartedAt', 'BuildStartTime', 'StartTime') ?? '')
  const ended = String(pick(raw, 'BuildEndedAt', 'BuildEndTime', 'EndTime') ?? '')
  const startedAt = isNaN(Date.parse(started)) ? new Date(0).toISOString() : new Date(started).toISOString()
  const endedAt = isNaN(Date.parse(ended)) ? startedAt : new Date(ended).toISOString()
  const totalTime = Number(pick(raw, 'TotalTimeMs', 'TotalTime', 'BuildDurationMs') ?? NaN)
  const options = pick(raw, 'BuildOptions')
  return {
    guid: (pick(raw, 'BuildSessionGUID', 'Guid') as string | undefined) ?? null,
    result,
    target,
    startedAt,
    endedAt,
    durationMs: Number.isFinite(totalTime) ? totalTime : Math.max(0, Date.parse(endedAt) - Date.parse(startedAt)),
    totalSize: Number(pick(raw, 'TotalSize') ?? NaN) || null,
    outputPath: (pick(raw, 'OutputPath') as string | undefined) ?? null,
    errors: Number(pick(raw, 'TotalErrors') ?? 0) || 0,
    warnings: Number(pick(raw, 'TotalWarnings') ?? 0) || 0,
    options: Array.isArray(options) ? options.map(String) : String(options ?? '').split(/[,| ]+/),
    profilePath: (pick(raw, 'BuildProfilePath') as string | undefined) || null,
  }
}

/** A stable UUID for a Unity build GUID (32 hex) or any other key. */
function uuidFrom(key: string): string {
  const hex = /^[0-9a-f]{32}$/i.test(key.replace(/-/g, '')) ? key.replace(/-/g, '').toLowerCase() : crypto.createHash('sha256').update(key).digest('hex').slice(0, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}
