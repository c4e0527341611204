import os from 'node:os'
import { failedBeforeRun, type BuildHistoryStore, type UnfinishedJob } from './history-store'

/** The reason an interrupted job carries (`error_message`), for people and for scripts. */
export const INTERRUPTED_REASON = 'interrupted: SLATE stopped while this build was running'

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
}

/**
 * Start-up reconciliation: a build whose SLATE process was killed (crash, power loss, `kill -9`)
 * never reaches `complete`, and would show "running" for ever. At start, every job this host ran
 * with a local or docker runner that is still unfinished, and whose process is gone, is completed
 * as failed with INTERRUPTED_REASON. Jobs of other machines (a team database), farm jobs (their
 * queue redelivers them) and jobs of another SLATE still running here are left alone.
 * Returns the ids it completed.
 */
export async function reconcileInterruptedBuilds(
  history: BuildHistoryStore,
  opts: { host?: string; isAlive?: (pid: number) => boolean; now?: () => Date } = {},
): Promise<string[]> {
  if (!history.unfinishedOf) return []
  const isAlive = opts.isAlive ?? processAlive
  const jobs: UnfinishedJob[] = await history.unfinishedOf(opts.host ?? os.hostname())
  const done: string[] = []
  for (const j of jobs) {
    if (j.pid !== null && (j.pid === process.pid || isAlive(j.pid))) continue
    const completedAt = (opts.now?.() ?? new Date()).toISOString()
    // How long it ran before the stop is unknown (the stop itself was not seen): durationMs 0.
    const won = await history.complete(j.id, failedBeforeRun({ reason: INTERRUPTED_REASON, result: 'Failed', startedAt: j.startedAt ?? j.createdAt, completedAt, worker: null }))
    if (won) done.push(j.id)
  }
  return done
}
