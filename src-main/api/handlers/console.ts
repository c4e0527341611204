import path from 'node:path'
import type { Handlers } from '../handler'
import type { SlateCore } from '../../host/slate-core'
import { ConsoleService } from '../../console/console-service'
import { buildLogDir } from '../../builds/build-log'
import { buildLogPath } from '../../builds/build-session'
import { defineService } from '../../core/service-registry'
import { buildServiceOf } from '../../builds/service'

/**
 * One console service per core. Every append becomes a `console.appended` event; the contract
 * declares it coalesced (latest per source, at most 8 a second), so the transports, not this
 * handler, decide how often a client hears of a growing log.
 */
const consoleServiceDef = defineService<ConsoleService, SlateCore>({
  name: 'console',
  create: (core) =>
    new ConsoleService((info) =>
      core.events.emit('console.appended', {
        sourceId: info.id,
        entries: info.entries,
        lines: info.lines,
        live: info.live,
        problem: info.problem,
        ...(info.summary ? { summary: info.summary } : {}),
        ...(info.dropped !== undefined ? { dropped: info.dropped } : {}),
      }),
    ),
  stop: (svc) => svc.dispose(),
})

export function consoleService(core: SlateCore): ConsoleService {
  return core.service(consoleServiceDef)
}

export const consoleHandlers: Handlers<
  'console.sources' | 'console.openFile' | 'console.openEditorLog' | 'console.openBuildLog' | 'console.upload' | 'console.query' | 'console.clear' | 'console.export' | 'console.close'
> = {
  'console.sources': (core) => consoleService(core).list(),
  'console.openFile': (core, { path: rel }) => consoleService(core).openFile(core.resolve(rel), path.posix.basename(rel)),
  'console.openEditorLog': (core) => consoleService(core).openEditorLog(),
  'console.openBuildLog': async (core, { jobId, label }) => {
    // Only a build running in this process is still writing its log; any other is read once.
    const builds = buildServiceOf(core)
    const running = builds.runningJobs().some((j) => j.id === jobId)
    const job = running ? null : await builds.history.get(jobId).catch(() => null)
    return consoleService(core).openBuildLog(buildLogPath(buildLogDir(core.dataDir), jobId), label, running ? null : { reason: job?.reason ?? null })
  },
  'console.upload': (core, args) => consoleService(core).upload(args),
  'console.query': (core, { sourceId, filter, offset, limit }) => consoleService(core).query(sourceId, filter, offset, limit),
  'console.clear': (core, { sourceId }) => consoleService(core).clear(sourceId),
  'console.export': (core, { sourceId, filter }) => consoleService(core).export(sourceId, filter),
  'console.close': (core, { sourceId }) => {
    consoleService(core).close(sourceId)
    return null
  },
}
