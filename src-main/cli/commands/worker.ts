import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BUILD_TARGETS } from '../../../src-shared/types-builds'
import { buildLogDir, buildWorkDir } from '../../builds/build-log'
import { openBuildContext } from '../../builds/context'
import { runWorker } from '../../builds/farm'
import { DockerRunner } from '../../builds/runners/docker-runner'
import { LocalRunner } from '../../builds/runners/local-runner'
import { discoverUnity, realDiscoveryEnv } from '../../builds/unity-discovery'
import { SlateCore } from '../../host/slate-core'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate worker [--runner local|docker] [--targets T1,T2] [--unity <path>] [--name N]
                    [--ack-wait-ms N] [--image I] [--cpus N] [--memory BYTES]
                    [--workspace <dir>] [--allow-repo <url>]… [--allow-project <dir>]…

A build-farm worker: takes one build job at a time from the JetStream work queue (SLATE_NATS_URL),
runs it with the local or Docker runner, stores the result in the team database
(SLATE_DATABASE_URL) and only then acknowledges it. If this worker dies mid-build, the job goes to
another worker after --ack-wait-ms (default 60000) and is recorded exactly once.
Ctrl+C / SIGTERM drains: the build in progress finishes, nothing new is taken.

A worker trusts nothing in a job that would make it build any folder or write anywhere: every job
is checked against a strict schema (a Unity path or other unknown field is refused), its output
path must stay inside the project, and the project must be a repository of --allow-repo (fetched
at the job's commit into --workspace, default <data dir>/workspace) or a folder of --allow-project.
Refused jobs end failed with the reason on the job. Successful builds' outputs are kept in
<workspace>/artifacts/<jobId>/ for \`slate services --only artifacts\`.`

export const workerCommand: CliCommand = {
  name: 'worker',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        runner: { type: 'string', default: 'local' },
        targets: { type: 'string' },
        unity: { type: 'string' },
        name: { type: 'string' },
        'ack-wait-ms': { type: 'string', default: '60000' },
        image: { type: 'string' },
        cpus: { type: 'string' },
        memory: { type: 'string' },
        workspace: { type: 'string' },
        'allow-repo': { type: 'string', multiple: true, default: [] },
        'allow-project': { type: 'string', multiple: true, default: [] },
      },
    })
    if (values.runner !== 'local' && values.runner !== 'docker') throw new CliError('--runner must be local or docker')
    const targets = values.targets ? values.targets.split(',').map((t) => t.trim()) : [...BUILD_TARGETS]
    const bad = targets.find((t) => !(BUILD_TARGETS as readonly string[]).includes(t))
    if (bad) throw new CliError(`unknown target "${bad}"; use ${BUILD_TARGETS.join(', ')}`)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    // No offline fallback: a result that did not reach the team database must not be acknowledged.
    const ctx = await openBuildContext(core.dataDir, core.settings.settings, { offlineFallback: false })
    if (ctx.services.bus.kind !== 'nats') {
      await ctx.close()
      throw new CliError('a worker needs NATS: set SLATE_NATS_URL (or the natsUrl setting)', 2)
    }
    const runner = values.runner === 'docker' ? new DockerRunner({ image: values.image, cpus: values.cpus ? Number(values.cpus) : undefined, memoryBytes: values.memory ? Number(values.memory) : undefined }) : new LocalRunner()
    const settingUnity = core.settings.settings.unityPath
    const worker = await runWorker({
      ctx,
      runner,
      name: values.name ?? `${os.hostname()}-${process.pid}`,
      targets,
      logDir: buildLogDir(core.dataDir),
      workDir: buildWorkDir(core.dataDir),
      ackWaitMs: Number(values['ack-wait-ms']) || 60_000,
      policy: {
        workspace: path.resolve(values.workspace ?? path.join(core.dataDir, 'workspace')),
        repositories: values['allow-repo'] ?? [],
        projects: (values['allow-project'] ?? []).map((p) => path.resolve(p)),
      },
      unityPathFor: (job) => {
        if (values.runner === 'docker') return 'unity-editor'
        const d = discoverUnity(job.unityVersion, realDiscoveryEnv({ explicitPath: values.unity ? path.resolve(values.unity) : undefined, settingPath: settingUnity }))
        if (!d.match) throw new Error(d.message ?? 'no Unity editor on this worker')
        return d.match.path
      },
    })
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    process.stdout.write('slate worker: draining…\n')
    await worker.stop()
    await ctx.close()
    return 0
  },
}
