import type { SlateCore } from './slate-core'
import { buildServiceOf } from '../builds/service'
import { startDataServices } from './start-data-services'
import { startSoloBackendServices } from './start-backend-services'

/**
 * Start the long-lived subsystems a UI-facing core needs (data layer, project index, watchers).
 * Each subsystem adds itself here; the CLI's one-shot commands start only what they use.
 */
export async function startCoreServices(core: SlateCore): Promise<void> {
  // Data layer: a failure here (no PostgreSQL binaries, a full disk) must not keep the IDE from
  // opening; health then reports the database as down.
  await startDataServices(core).catch((err: Error) => console.error(`slate: the data layer did not start: ${err.message}`))
  // Solo: the backend services (container orchestrator, log aggregator…) on the in-process bus.
  await startSoloBackendServices(core).catch((err: Error) => console.error(`slate: the backend services did not start: ${err.message}`))
  // Builds a killed SLATE left "running" end as interrupted (in the background: it needs the database).
  void buildServiceOf(core)
    .reconcileInterrupted()
    .catch((err: Error) => console.error(`slate: marking interrupted builds failed: ${err.message}`))
  // Unity: index the open project (from the persisted cache when possible) and watch it; the
  // registry reindexes when another project is opened (unityService in slate-core.ts).
  await core.unity.startWatching()
}
