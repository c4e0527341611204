import fs from 'node:fs/promises'
import path from 'node:path'
import { LineSplitter } from '../logs'
import type { BuildLogPage } from '../../src-shared/types-builds'
import { buildLogPath } from './build-session'

/** Where a process keeps build logs: `<dataDir>/build-logs`. */
export function buildLogDir(dataDir: string): string {
  return path.join(dataDir, 'build-logs')
}

/**
 * Where builds keep their work folders (the bridge's report): `<dataDir>/build-work/<jobId>`, each
 * removed when its job ends (SLATE_KEEP_WORKDIRS=1 keeps them for debugging).
 */
export function buildWorkDir(dataDir: string): string {
  return path.join(dataDir, 'build-work')
}


/**
 * A page of a build's raw log, cleaned like the live events (CRLF, NUL). Logs of builds that ran
 * on another machine (farm) are not here: the live `build.log` events and JetStream's LOGS stream
 * carry those.
 */
export async function readBuildLog(dataDir: string, jobId: string, fromLine = 1, limit = 5000): Promise<BuildLogPage> {
  let data: Buffer
  try {
    data = await fs.readFile(buildLogPath(buildLogDir(dataDir), jobId))
  } catch {
    return { jobId, fromLine, lines: [], totalLines: 0, available: false }
  }
  const s = new LineSplitter()
  const all = [...s.push(data), ...s.end()]
  return { jobId, fromLine, lines: all.slice(fromLine - 1, fromLine - 1 + limit), totalLines: all.length, available: true }
}
