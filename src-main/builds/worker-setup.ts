import os from 'node:os'
import path from 'node:path'
import { BUILD_TARGETS } from '../../src-shared/types-builds'
import { buildLogDir, buildWorkDir } from './build-log'
import type { BuildContext } from './context'
import type { WorkerOptions } from './farm'
import { DockerRunner } from './runners/docker-runner'
import { LocalRunner } from './runners/local-runner'
import { discoverUnity, realDiscoveryEnv } from './unity-discovery'

/** How a farm worker is set up: the flags of `slate worker`, also taken by `slate services --only build`. */
export interface FarmWorkerSettings {
  runner?: string
  /** comma-separated build targets (default: all) */
  targets?: string
  unity?: string
  name?: string
  ackWaitMs?: number
  image?: string
  cpus?: number
  memoryBytes?: number
  workspace?: string
  allowRepo?: string[]
  allowProject?: string[]
}

export class WorkerSettingsError extends Error {}

/**
 * The worker options of those settings: runner, targets, where jobs are fetched and kept, how
 * each job's Unity is found. Throws WorkerSettingsError for a bad flag.
 */
export function farmWorkerOptions(s: FarmWorkerSettings, env: { ctx: BuildContext; dataDir: string; settingUnity?: string }): WorkerOptions {
  const runnerKind = s.runner ?? 'local'
  if (runnerKind !== 'local' && runnerKind !== 'docker') throw new WorkerSettingsError('--runner must be local or docker')
  const targets = s.targets ? s.targets.split(',').map((t) => t.trim()) : [...BUILD_TARGETS]
  const bad = targets.find((t) => !(BUILD_TARGETS as readonly string[]).includes(t))
  if (bad) throw new WorkerSettingsError(`unknown target "${bad}"; use ${BUILD_TARGETS.join(', ')}`)
  const runner = runnerKind === 'docker' ? new DockerRunner({ image: s.image, cpus: s.cpus, memoryBytes: s.memoryBytes }) : new LocalRunner()
  return {
    ctx: env.ctx,
    runner,
    name: s.name ?? `${os.hostname()}-${process.pid}`,
    targets,
    logDir: buildLogDir(env.dataDir),
    workDir: buildWorkDir(env.dataDir),
    ackWaitMs: s.ackWaitMs || 60_000,
    policy: {
      workspace: path.resolve(s.workspace ?? path.join(env.dataDir, 'workspace')),
      repositories: s.allowRepo ?? [],
      projects: (s.allowProject ?? []).map((p) => path.resolve(p)),
    },
    unityPathFor: (job) => {
      if (runnerKind === 'docker') return 'unity-editor'
      const d = discoverUnity(job.unityVersion, realDiscoveryEnv({ explicitPath: s.unity ? path.resolve(s.unity) : undefined, settingPath: env.settingUnity }))
      if (!d.match) throw new Error(d.message ?? 'no Unity editor on this worker')
      return d.match.path
    },
  }
}
