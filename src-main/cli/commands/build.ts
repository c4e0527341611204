import crypto from 'node:crypto'
import { requireProjectFolder } from './unity-cli-shared'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { BUILD_TARGETS, BUILD_TYPES, type BuildCliResult, type BuildJobDetail, type BuildTarget, type BuildType } from '../../../src-shared/types-builds'
import { startBuild } from '../../builds/build-session'
import { describeDryRun, runnerFor } from '../../builds/describe-build'
import { buildLogDir, buildWorkDir } from '../../builds/build-log'
import { openBuildContext } from '../../builds/context'
import { fanOut } from '../../builds/events'
import { cancelFarmBuild, farmClientOf, submitFarmBuild } from '../../builds/farm'
import { prepareBuild } from '../../builds/prepare'
import { terminalSink } from '../../builds/progress-printer'
import { parseCompilerDiagnostic } from '../../logs'
import { SlateCore } from '../../host/slate-core'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate build <project> --target <target> [--type <type>] [--runner local|docker|farm]
                   [--unity <path>] [--profile <id>] [--output <path>] [--scenes a.unity,b.unity]
                   [--dry-run] [--json]

Build a player with Unity in batch mode and remember it in the build history.

  --target T     ${BUILD_TARGETS.join(', ')}
  --type T       ${BUILD_TYPES.join(', ')} (default development)
  --runner R     local (default): Unity on this machine; docker: in a GameCI container;
                 farm: queue it for a \`slate worker\` (needs SLATE_NATS_URL and a team database)
  --unity P      the Unity executable (default: Unity Hub's editor matching ProjectVersion.txt,
                 UNITY_PATH, or the unityPath setting)
  --profile ID   a saved profile (ProjectSettings/SlateBuildProfiles.json)
  --output P     where the player goes (overrides the profile)
  --scenes LIST  the scenes to build, in order, comma-separated project paths
                 (Assets/Scenes/Menu.unity,Assets/Scenes/Level1.unity); default: the profile's,
                 else the enabled scenes of Build Settings
  --image I      Docker image (default unityci/editor:ubuntu-<version>-<module>-3)
  --cpus N --memory BYTES   Docker limits
  --dry-run      print the command line and exit
  --json         print one JSON object at the end: {jobId, status, result, durationMs, totalSize,
                 errors: [{file, line, column, code, message}], warnings, outputPath}
  --verbose      print every log line

Exit code: 0 only when the build succeeded; 1 when it failed or was cancelled; 2 for usage errors.`

/** `--scenes a.unity,b.unity`: project paths, forward slashes, no empties. */
function parseScenes(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined
  const scenes = text.split(',').map((s) => s.trim().replace(/\\/g, '/')).filter(Boolean)
  if (scenes.length === 0) throw new CliError('--scenes needs at least one scene path, e.g. --scenes Assets/Scenes/Main.unity')
  return scenes
}

export const buildCommand: CliCommand = {
  name: 'build',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        type: { type: 'string', default: 'development' },
        runner: { type: 'string', default: 'local' },
        unity: { type: 'string' },
        profile: { type: 'string' },
        output: { type: 'string' },
        scenes: { type: 'string' },
        image: { type: 'string' },
        cpus: { type: 'string' },
        memory: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
    })
    if (positionals.length !== 1) throw new CliError(`expected one project folder\n\n${usage}`)
    const root = await requireProjectFolder(positionals[0])
    const target = values.target as BuildTarget
    if (!BUILD_TARGETS.includes(target)) throw new CliError(`--target must be one of ${BUILD_TARGETS.join(', ')}${values.target ? `, got "${values.target}"` : ''}`)
    const type = values.type as BuildType
    if (!BUILD_TYPES.includes(type)) throw new CliError(`--type must be one of ${BUILD_TYPES.join(', ')}`)
    const runnerKind = values.runner as 'local' | 'docker' | 'farm'
    if (!['local', 'docker', 'farm'].includes(runnerKind)) throw new CliError('--runner must be local, docker or farm')

    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    let prepared
    try {
      prepared = await prepareBuild(root, { target, type, profileId: values.profile, outputPath: values.output, scenes: parseScenes(values.scenes), unityPath: values.unity ? path.resolve(values.unity) : undefined, settingUnityPath: core.settings.settings.unityPath })
    } catch (err) {
      throw new CliError((err as Error).message)
    }
    const { project, profile, validation, discovery } = prepared
    for (const i of validation.issues) process.stderr.write(`slate build: ${i.severity}: ${i.field}: ${i.message}\n`)
    if (!validation.ok) throw new CliError('the build profile is not valid (see above)')
    if (runnerKind === 'local' && !discovery.match) throw new CliError(`${discovery.message ?? 'no Unity editor found.'} On the command line: --unity <path>.`)
    if (discovery.message && runnerKind === 'local') process.stderr.write(`slate build: ${discovery.message}\n`)

    const runner = runnerFor(runnerKind, { image: values.image, cpus: values.cpus ? Number(values.cpus) : undefined, memoryBytes: values.memory ? Number(values.memory) : undefined })
    const unity = { path: discovery.match?.path ?? 'unity-editor', version: project.unityVersion }

    if (values['dry-run']) {
      let d
      try {
        d = await describeDryRun({ projectRoot: root, profile, unity, runnerKind, runner })
      } catch (err) {
        throw new CliError((err as Error).message)
      }
      for (const n of d.notes) process.stdout.write(`# ${n}\n`)
      process.stdout.write(`${d.text}\n`)
      return 0
    }

    const ctx = await openBuildContext(core.dataDir, core.settings.settings)
    const printer = values.json ? null : terminalSink(process.stderr, values.verbose)
    const jobId = crypto.randomUUID()
    let detail: BuildJobDetail | null
    let errors: BuildCliResult['errors'] = []
    const onSignal = () => void handle?.cancel()
    let handle: { cancel(): Promise<void> } | null = null
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      if (runnerKind === 'farm') {
        if (ctx.services.bus.kind !== 'nats') throw new CliError('--runner farm needs NATS (SLATE_NATS_URL) so that workers can take the job', 2)
        const client = farmClientOf(ctx)
        handle = { cancel: async () => void (await cancelFarmBuild(client, jobId, `slate-cli-${process.pid}`)) }
        detail = await submitFarmBuild(client, { jobId, projectRoot: project.root, projectName: project.productName ?? project.folderName, profile, unityVersion: project.unityVersion }, printer ?? {})
        errors = detail.messages.flatMap((m) => {
          const d = m.type === 'error' ? parseCompilerDiagnostic(m.content) : null
          return d ? [{ file: d.file, line: d.line, column: d.column, code: d.code, message: d.message }] : []
        })
      } else {
        const h = startBuild({
          jobId,
          projectRoot: project.root,
          projectName: project.productName ?? project.folderName,
          profile,
          runner,
          unity,
          history: ctx.history,
          events: fanOut(ctx.busSink, printer ?? undefined),
          logDir: buildLogDir(core.dataDir),
          workDir: buildWorkDir(core.dataDir),
        })
        handle = h
        const out = await h.done
        errors = out.errors
        detail = (await ctx.history.get(jobId)) ?? null
        if (!detail) throw new Error('the build finished but its history record is missing')
      }
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      printer?.done()
      await ctx.close()
    }
    const result: BuildCliResult = {
      jobId,
      status: detail.status,
      result: detail.result,
      reason: detail.reason,
      durationMs: detail.durationMs,
      totalSize: detail.totalSize,
      errors,
      warnings: detail.warningCount,
      outputPath: detail.outputPath,
      ...(detail.budget ? { budget: detail.budget } : {}),
    }
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`)
    else {
      const size = result.totalSize !== null ? `, ${(result.totalSize / 1024 / 1024).toFixed(1)} MiB` : ''
      process.stdout.write(`${result.status === 'succeeded' ? 'Build succeeded' : `Build ${result.status}`} in ${((result.durationMs ?? 0) / 1000).toFixed(1)}s${size} (job ${jobId})\n`)
      if (result.reason) process.stdout.write(`  ${result.reason}\n`)
      if (result.outputPath) process.stdout.write(`  output: ${result.outputPath}\n`)
      for (const e of errors.slice(0, 20)) process.stdout.write(`  ${e.file}(${e.line},${e.column}): ${e.code}: ${e.message}\n`)
      if (errors.length > 20) process.stdout.write(`  … and ${errors.length - 20} more errors (slate history ${root} ${jobId})\n`)
      // The size budget (ProjectSettings/SlateBuildBudgets.json), checked after the build.
      const b = detail.budget
      if (b && b.state !== 'none') {
        process.stdout.write(`  size budget: ${b.state}${b.checks.filter((c) => c.exceeded).map((c) => `; ${c.message}`).join('')}\n`)
        if (b.state !== 'ok') for (const c of b.culprits.slice(0, 5)) process.stdout.write(`    ${c.path || c.guid}  +${c.delta} B\n`)
      }
    }
    // A build over a `fail` budget is a failed CI step, though the player itself was built.
    return result.status === 'succeeded' && detail.budget?.state !== 'fail' ? 0 : 1
  },
}
