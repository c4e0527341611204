import type { BuildRunnerKind, BuildTarget, ScriptingBackend } from '../../../src-shared/types-builds'

/** Everything a runner needs to start Unity once. Paths are host paths; a runner maps them. */
export interface RunSpec {
  jobId: string
  projectRoot: string
  /** The Unity executable on this host (local runner); containers use their image's editor. */
  unityPath: string
  unityVersion: string | null
  /** Builds the argument list for the paths Unity will see (host or container). */
  argsFor(paths: { projectPath: string; reportPath: string; outputPath: string }): string[]
  /** Where the report must end up on this host, and the player output. */
  reportPath: string
  outputPath: string
  target: BuildTarget
  backend: ScriptingBackend
  env: Record<string, string>
}

export interface RunOutcome {
  exitCode: number | null
  signal: string | null
  /** A failure of the runner itself (spawn failed, image missing), not of Unity. */
  runnerError: string | null
  /** Wall-clock ms when the Unity process (or container) was started. */
  processStartedAt: number | null
}

export interface RunHooks {
  /** Unity's output (stdout and stderr, interleaved as they arrive). */
  onOutput(chunk: Buffer): void
  /** The process or container is running. */
  onStarted(info: { pid?: number; containerId?: string; at: number }): void
}

export interface RunningBuild {
  /** Resolves when Unity is gone and (Docker) the report and output are copied out. */
  readonly done: Promise<RunOutcome>
  /** Stop Unity and everything it started. Safe to call more than once and after it ended. */
  cancel(): Promise<void>
}

/** One interface for local, Docker and farm-worker execution. */
export interface BuildRunner {
  readonly kind: Exclude<BuildRunnerKind, 'farm'>
  /** The executable and arguments as they will run, for `--dry-run`. */
  describe(spec: RunSpec): { executable: string; args: string[]; notes: string[] }
  start(spec: RunSpec, hooks: RunHooks): RunningBuild
}
