import path from 'node:path'
import type { Handlers } from '../handler'
import type { SlateCore } from '../../host/slate-core'
import type { ConsoleSourceInfo } from '../../../src-shared/types-ui'
import { ConsoleService } from '../../console/console-service'
import { buildLogDir } from '../../builds/build-log'
import { buildLogPath } from '../../builds/build-session'
import { buildServiceOf } from '../../builds/service'

const services = new WeakMap<SlateCore, ConsoleService>()

/** One console service per core; appends become `console.appended` events, at most ~8 per second per source. */
export function consoleService(core: SlateCore): ConsoleService {
  let s = services.get(core)
  if (!s) {
    const timers = new Map<string, ReturnType<typeof setTimeout>>()
    const latest = new Map<string, ConsoleSourceInfo>()
    const emit = (id: string) => {
      timers.delete(id)
      const info = latest.get(id)
      if (info) core.events.emit('console.appended', { sourceId: id, entries: info.entries, lines: info.lines, live: info.live, problem: info.problem, ...(info.summary ? { summary: info.summary } : {}), ...(info.dropped !== undefined ? { dropped: info.dropped } : {}) })
    }
    const svc = new ConsoleService((info) => {
      latest.set(info.id, info)
      // The last append of a finished source goes out at once, so "loaded" is never late.
      if (!info.live) {
        clearTimeout(timers.get(info.id))
        emit(info.id)
      } else if (!timers.has(info.id)) {
        timers.set(info.id, setTimeout(() => emit(info.id), 120))
      }
    })
    core.onDispose(() => svc.dispose())
    services.set(core, (s = svc))
  }
  return s
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
