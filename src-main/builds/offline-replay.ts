import type { Database } from '../store/db'
import { addBuildDetailsToOutbox, addToOutbox } from '../store/sync'
import { buildJobs, buildSteps, projects } from '../store/tables'

/**
 * A build recorded while the team database was unreachable lives only in the local mirror. Put
 * its project, job and step rows in the data layer's outbox, so the sync loop replays them to the
 * team server when it is back (idempotent upserts, last writer wins), then its messages and packed
 * assets (inserted where the server lacks their ids: the store gives a completion the same child
 * ids in every database, see history-pg.ts, so a completion that did reach the server is not doubled).
 */
export async function queueBuildForReplay(localDb: Database, jobId: string): Promise<void> {
  const job = await buildJobs.get(localDb, jobId, { includeDeleted: true })
  if (!job) return
  const project = await projects.get(localDb, job.projectId, { includeDeleted: true })
  const steps = (await buildSteps.list(localDb, { jobId, limit: 1000 })).items
  await localDb.tx(async (tx) => {
    if (project) await addToOutbox(tx, 'slate_projects', project)
    await addToOutbox(tx, 'slate_build_jobs', job)
    for (const s of steps) await addToOutbox(tx, 'slate_build_steps', s)
    await addBuildDetailsToOutbox(tx, jobId)
  })
}
