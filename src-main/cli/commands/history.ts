import { requireProjectFolder } from './unity-cli-shared'
import { parseArgs } from 'node:util'
import { BUILD_TARGETS, BUILD_TYPES, type BuildHistoryFilter } from '../../../src-shared/types-builds'
import { openBuildContext } from '../../builds/context'
import { importUnityBuildHistory } from '../../builds/import-build-history'
import { SlateCore } from '../../host/slate-core'
import { readProjectSummary } from '../../unity/project-summary'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate history <project> [<job-id>] [--target T] [--type T] [--status S] [--limit N] [--json]

The project's build history: every build SLATE ran (local, Docker, farm) and the builds Unity 6.6+
recorded itself (Library/BuildHistory, imported on the way). With a job id: that build in detail,
with its steps, messages and packed assets (biggest first).
Works without a network: in team mode, when the team database is unreachable, it reads the local mirror.`

export const historyCommand: CliCommand = {
  name: 'history',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        type: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
      },
    })
    if (positionals.length < 1 || positionals.length > 2) throw new CliError(`expected a project folder and optionally a job id\n\n${usage}`)
    const filter: BuildHistoryFilter = { projectRoot: await requireProjectFolder(positionals[0]), limit: Number(values.limit) || 50 }
    if (values.target) {
      if (!(BUILD_TARGETS as readonly string[]).includes(values.target)) throw new CliError(`--target must be one of ${BUILD_TARGETS.join(', ')}`)
      filter.target = values.target as BuildHistoryFilter['target']
    }
    if (values.type) {
      if (!(BUILD_TYPES as readonly string[]).includes(values.type)) throw new CliError(`--type must be one of ${BUILD_TYPES.join(', ')}`)
      filter.type = values.type as BuildHistoryFilter['type']
    }
    if (values.status) filter.status = values.status as BuildHistoryFilter['status']
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    const ctx = await openBuildContext(core.dataDir, core.settings.settings)
    try {
      const project = await readProjectSummary(filter.projectRoot!)
      await importUnityBuildHistory(project.root, project.productName ?? project.folderName, ctx.history).catch(() => 0)
      if (positionals[1]) {
        const job = await ctx.history.get(positionals[1])
        if (!job) throw new CliError(`no build ${positionals[1]}`, 1)
        if (values.json) process.stdout.write(`${JSON.stringify(job)}\n`)
        else {
          process.stdout.write(`${job.id}  ${job.target} ${job.type} ${job.status}  ${job.reason ?? ''}\n`)
          for (const s of job.steps) process.stdout.write(`${'  '.repeat(s.depth + 1)}${s.name}  ${s.durationMs} ms\n`)
          process.stdout.write('Biggest assets:\n')
          for (const a of job.packedAssets.slice(0, 20)) process.stdout.write(`  ${String(a.size).padStart(12)}  ${a.path}\n`)
          for (const m of job.messages.filter((x) => x.type !== 'info').slice(0, 50)) process.stdout.write(`  ${m.type}: ${m.content.split('\n')[0]}\n`)
        }
        return 0
      }
      const page = await ctx.history.list(filter)
      if (values.json) {
        process.stdout.write(`${JSON.stringify(page)}\n`)
        return 0
      }
      process.stdout.write(`Build history of ${project.productName ?? project.folderName} (from ${page.source})\n`)
      for (const s of page.stats) {
        process.stdout.write(`  ${s.target}: ${s.succeeded}/${s.total} succeeded (${Math.round(s.successRate * 100)}%), median ${s.medianDurationMs === null ? '-' : `${(s.medianDurationMs / 1000).toFixed(1)}s`}\n`)
      }
      if (page.jobs.length === 0) {
        const filtered = filter.target || filter.type || filter.status
        process.stdout.write(filtered ? 'No builds match these filters.\n' : 'No builds yet. Start one with `slate build <project> --target <target>` or from the Builds view.\n')
      }
      for (const j of page.jobs) {
        process.stdout.write(
          `${j.createdAt.slice(0, 19)}  ${j.id.slice(0, 8)}  ${j.target.padEnd(19)} ${j.type.padEnd(11)} ${j.runner.padEnd(6)} ${j.status.padEnd(9)} ${j.durationMs === null ? '' : `${(j.durationMs / 1000).toFixed(1)}s`}  ${j.reason ?? ''}\n`,
        )
      }
      return 0
    } finally {
      await ctx.close()
    }
  },
}
