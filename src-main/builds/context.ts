import os from 'node:os'
import { openDataServices, dataConfigFrom, type DataServices } from '../store/data-services'
import { busEventSink } from './bus-events'
import type { BuildEventSink } from './events'
import { PgHistoryStore } from './history-pg'
import { MirroredHistoryStore } from './history-mirrored'
import type { BuildHistoryStore } from './history-store'
import { queueBuildForReplay } from './offline-replay'

/**
 * Build history on the data layer. Solo: the embedded database. Team: the team database with the
 * local mirror, which takes writes while the team server is away and queues them for replay.
 * A farm worker passes offlineFallback=false: it must not acknowledge a job whose result did not
 * reach the team database, so a failed write there fails the delivery and the job is redelivered.
 */
export function buildHistoryFor(services: DataServices, offlineFallback: boolean): BuildHistoryStore {
  const local = new PgHistoryStore(services.localDb, services.mode === 'team' ? 'local mirror' : services.localDb.label)
  if (services.mode !== 'team') return local
  const team = new PgHistoryStore(services.db, services.db.label)
  if (!offlineFallback) return team
  return new MirroredHistoryStore(
    team,
    local,
    async (jobId) => {
      await queueBuildForReplay(services.localDb, jobId)
      await services.store.refreshPending()
    },
    () => services.store.syncState.online,
  )
}

/** What the CLI commands and the worker need from the data layer for builds. */
export interface BuildContext {
  services: DataServices
  history: BuildHistoryStore
  /** Publishes on the bus (NATS in team mode). */
  busSink: BuildEventSink
  close(): Promise<void>
}

/**
 * Open the data layer for builds. `SLATE_SUBJECT_ROOT` gives tests and benches their own subjects
 * and JetStream streams on a shared NATS server.
 */
export async function openBuildContext(
  dataDir: string,
  settings: { databaseUrl?: string; redisUrl?: string; natsUrl?: string },
  opts: { offlineFallback?: boolean } = {},
): Promise<BuildContext> {
  const cfg = dataConfigFrom(dataDir, settings)
  const services = await openDataServices({ ...cfg, subjectRoot: process.env.SLATE_SUBJECT_ROOT || cfg.subjectRoot })
  const history = buildHistoryFor(services, opts.offlineFallback ?? true)
  return {
    services,
    history,
    busSink: busEventSink(services.bus, services.subjects, `slate-${os.hostname()}-${process.pid}`),
    close: () => services.close(),
  }
}
