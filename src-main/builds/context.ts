import os from 'node:os'
import { openDataServices, dataConfigFrom, type DataServices } from '../store/data-services'
import { busEventSink } from './bus-events'
import type { BuildEventSink } from './events'
import { PgHistoryStore } from './history-pg'
import type { BuildHistoryStore } from './history-store'

/**
 * Build history on the data layer: through the DataStore (store/data-route.ts), whose one offline
 * design keeps builds in the local mirror and queues what was recorded while the team database was
 * away (solo mode: the embedded database alone). A farm worker passes offlineFallback=false: it
 * must not acknowledge a job whose result did not reach the team database, so it writes there
 * alone and a failed write fails the delivery (the job is redelivered).
 */
export function buildHistoryFor(services: Pick<DataServices, 'store' | 'db'>, offlineFallback: boolean): BuildHistoryStore {
  return offlineFallback ? new PgHistoryStore(services.store) : new PgHistoryStore(services.db, services.db.label)
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
