import path from 'node:path'
import type { BuildProfile, BuildRunnerKind } from '../../src-shared/types-builds'
import { formatCommandLine, resolveOutputPath, unityArguments } from './command-line'
import { DockerRunner, type DockerRunnerOptions } from './runners/docker-runner'
import { LocalRunner } from './runners/local-runner'
import type { BuildRunner, RunSpec } from './runners/runner'
import { enabledScenes } from './scenes'

/** What decides one build's Unity invocation. */
export interface BuildDescriptionInput {
  jobId: string
  projectRoot: string
  profile: BuildProfile
  unity: { path: string; version: string | null }
  /** Scenes actually built: the profile's, or EditorBuildSettings' (see scenesFor). */
  scenes: string[]
  /** This job's own folder for the report (removed when the job ends). */
  workDir: string
  env?: Record<string, string>
}

/** Shown in place of values a dry run does not have yet. */
export const DRY_RUN_JOB_ID = '<job-id>'
const DRY_RUN_WORK_DIR = '<work-dir>'

/** The scenes a profile builds: its own list, or the enabled scenes of EditorBuildSettings. */
export async function scenesFor(projectRoot: string, profile: BuildProfile): Promise<string[]> {
  return profile.scenes ?? (await enabledScenes(projectRoot))
}

/**
 * The one description of a build: everything a runner needs to start Unity once. The build
 * session runs it, and `slate build --dry-run` and the Builds view show it (describeDryRun), so
 * what is shown is what runs.
 */
export function describeBuild(i: BuildDescriptionInput): RunSpec {
  return {
    jobId: i.jobId,
    projectRoot: i.projectRoot,
    unityPath: i.unity.path,
    unityVersion: i.unity.version,
    reportPath: path.join(i.workDir, 'report.json'),
    outputPath: resolveOutputPath(i.projectRoot, i.profile.outputPath),
    target: i.profile.target,
    backend: i.profile.backend,
    env: i.env ?? {},
    argsFor: (p) => unityArguments({ profile: i.profile, ...p, scenes: i.scenes, unityVersion: i.unity.version, jobId: i.jobId }),
  }
}

/** The runner for a kind: farm workers run local or Docker themselves, so a farm job is described as local. */
export function runnerFor(kind: BuildRunnerKind, docker: DockerRunnerOptions = {}): BuildRunner {
  return kind === 'docker' ? new DockerRunner(docker) : new LocalRunner()
}

export interface DryRun {
  executable: string
  args: string[]
  notes: string[]
  /** The command line, quoted for a POSIX shell. */
  text: string
}

/**
 * The command line a build would run, without running it: `slate build --dry-run` prints it and
 * the Builds view shows it. Throws when the runner cannot describe it (no image for the version).
 */
export async function describeDryRun(o: {
  projectRoot: string
  profile: BuildProfile
  unity: { path: string; version: string | null }
  runnerKind: BuildRunnerKind
  runner: BuildRunner
}): Promise<DryRun> {
  const spec = describeBuild({
    jobId: DRY_RUN_JOB_ID,
    projectRoot: o.projectRoot,
    profile: o.profile,
    unity: o.unity,
    scenes: await scenesFor(o.projectRoot, o.profile),
    workDir: path.join(DRY_RUN_WORK_DIR, DRY_RUN_JOB_ID),
  })
  const d = o.runner.describe(spec)
  const notes = o.runnerKind === 'farm' ? ['farm: a worker runs this with its own Unity and paths', ...d.notes] : d.notes
  return { executable: d.executable, args: d.args, notes, text: formatCommandLine(d.executable, d.args) }
}
