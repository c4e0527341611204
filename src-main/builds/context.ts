import os from 'node:os'
import { openDataServices, dataConfigFrom, type DataServices } from '../store/data-services'
import { busEventSink } from './bus-events'
import type { BuildEventSink } from './events'
import { PgHistoryStore } from './history-pg'
import { MirroredHistoryStore } from './history-mirrored'
import type { BuildHistoryStore } from './history-store'

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
export async function openBuildContext(dataDir: string, settings: { databaseUrl?: string; redisUrl?: string; natsUrl?: string }): Promise<BuildContext> {
  const cfg = dataConfigFrom(dataDir, settings)
  const services = await openDataServices({ ...cfg, subjectRoot: process.env.SLATE_SUBJECT_ROOT || cfg.subjectRoot })
  const local = new PgHistoryStore(services.localDb, services.mode === 'team' ? 'local mirror' : services.localDb.label)
  const history = services.mode === 'team' ? new MirroredHistoryStore(new PgHistoryStore(services.db, services.db.label), local) : local
  return {
    services,
    history,
    busSink: busEventSink(services.bus, services.subjects, `slate-${os.hostname()}-${process.pid}`),
    close: () => services.close(),
  }
}
