import { parseArgs } from 'node:util'
import { openBuildContext } from '../../builds/context'
import { runWorker } from '../../builds/farm'
import { farmWorkerOptions, WorkerSettingsError } from '../../builds/worker-setup'
import { SlateCore } from '../../host/slate-core'
import { CliError, type CliCommand } from '../command'
import { workerFlags, workerFlagsUsage, workerSettingsFrom } from './worker-flags'

const usage = `Usage: slate worker ${workerFlagsUsage}
                    [--workspace <dir>]

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
      options: { ...workerFlags, workspace: { type: 'string' } },
    })
    const settings = workerSettingsFrom(values)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    // No offline fallback: a result that did not reach the team database must not be acknowledged.
    const ctx = await openBuildContext(core.dataDir, core.settings.settings, { offlineFallback: false })
    let worker: { stop(): Promise<void> }
    try {
      if (ctx.services.bus.kind !== 'nats') throw new CliError('a worker needs NATS: set SLATE_NATS_URL (or the natsUrl setting)', 2)
      const options = farmWorkerOptions(settings, { ctx, dataDir: core.dataDir, settingUnity: core.settings.settings.unityPath })
      worker = await runWorker(options)
    } catch (err) {
      await ctx.close()
      if (err instanceof WorkerSettingsError) throw new CliError(err.message)
      throw err
    }
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
