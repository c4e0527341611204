import crypto from 'node:crypto'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type {
  BridgeBuildReport,
  BuildJobSummary,
  BuildMessage,
  BuildProfile,
  BuildRunnerKind,
  CompileError,
} from '../../src-shared/types-builds'
import { LineSplitter, UnityLogParser, type LogEntry } from '../logs'
import { describeBuild, scenesFor } from './describe-build'
import type { BuildEventSink } from './events'
import { projectCommit } from './git-commit'
import { median, type BuildHistoryStore } from './history-store'
import type { BuildRunner, RunOutcome } from './runners/runner'
import { StageTracker } from './stages'
import { decideVerdict, LICENSING_FAILURE, parseBridgeReport, type Verdict } from './verdict'
import { sizesForCompletion } from './report/build-sizes'

export interface StartBuildOptions {
  jobId?: string
  projectRoot: string
  projectName?: string
  profile: BuildProfile
  runner: BuildRunner
  /** What history records: `farm` when a worker runs a queued job with a local/docker runner. */
  runnerKind?: BuildRunnerKind
  unity: { path: string; version: string | null }
  history: BuildHistoryStore
  events: BuildEventSink
  worker?: string | null
  attempt?: number
  /**
   * The folder under which this job gets its own work folder (the report): buildWorkDir(dataDir)
   * for the app, the CLI and workers; the OS temp folder when not given. Removed when the job ends
   * unless SLATE_KEEP_WORKDIRS=1.
   */
  workDir?: string
  /** Keep Unity's raw log as `<logDir>/<jobId>.log` (the Builds view reads it, also mid-build). */
  logDir?: string
  env?: Record<string, string>
}

export interface BuildOutcome {
  job: BuildJobSummary
  verdict: Verdict
  errors: CompileError[]
  /** false when another worker had already completed this job (farm redelivery). */
  stored: boolean
  processStartedAt: number | null
}

export interface BuildHandle {
  jobId: string
  done: Promise<BuildOutcome>
  cancel(): Promise<void>
}

const MAX_MESSAGES = 5000

export function buildLogPath(logDir: string, jobId: string): string {
  return path.join(logDir, `${jobId}.log`)
}

export { scenesFor } from './describe-build'

/**
 * Run one build from start to verdict: record the job, start the runner, turn Unity's output into
 * stages, log batches and structured messages as it arrives, then judge the result from the
 * report file and exit code, store it (exactly once) and announce it.
 */
export function startBuild(o: StartBuildOptions): BuildHandle {
  const jobId = o.jobId ?? crypto.randomUUID()
  let cancelRequested = false
  let running: { cancel(): Promise<void> } | null = null
  const done = runBuild(o, jobId, () => cancelRequested, (r) => {
    running = r
  })
  return {
    jobId,
    done,
    async cancel() {
      cancelRequested = true
      await (running as { cancel(): Promise<void> } | null)?.cancel()
    },
  }
}

/**
 * Every build ends with `finished` and a final status, also one that fails before Unity ran or
 * before its verdict (the history database refuses the job, the runner cannot describe it, the
 * log folder cannot be written): the job is then recorded as failed (`runner`) where the history
 * can still take it, and announced either way, so no view waits on a job that will never end.
 */
async function runBuild(
  o: StartBuildOptions,
  jobId: string,
  isCancelled: () => boolean,
  setRunning: (r: { cancel(): Promise<void> }) => void,
): Promise<BuildOutcome> {
  const t0 = Date.now()
  const startedAt = new Date(t0).toISOString()
  const workDir = path.join(o.workDir ?? path.join(os.tmpdir(), 'slate-builds'), jobId)
  let announced = false
  const events: BuildEventSink = {
    progress: (ev) => o.events.progress(ev),
    log: (ev) => o.events.log(ev),
    finished: (job) => {
      announced = true
      o.events.finished(job)
    },
  }
  try {
    return await runBuildSteps({ ...o, events }, jobId, workDir, t0, isCancelled, setRunning)
  } catch (err) {
    if (announced) throw err
    const verdict: Verdict = { status: 'failed', result: 'Failed', failureKind: 'runner', reason: `The build could not run: ${(err as Error).message}` }
    const completedAt = new Date().toISOString()
    const durationMs = Date.now() - t0
    await o.history
      .complete(jobId, { ...verdict, startedAt, completedAt, durationMs, totalSize: null, outputPath: null, errorCount: 0, warningCount: 0, steps: [], packedAssets: [], messages: [], worker: o.worker ?? null, attempt: o.attempt })
      .catch((e: Error) => console.error(`slate: build ${jobId}: recording the failure failed too: ${e.message}`))
    const job = (await o.history.get(jobId).catch(() => null)) ?? fallbackSummary(o, jobId, verdict, startedAt, completedAt, durationMs)
    await removeWorkDir(jobId, workDir)
    o.events.finished(job)
    return { job, verdict, errors: [], stored: false, processStartedAt: null }
  }
}

/** A job's own work folder goes when the report is read (or the job failed without one), before `finished`. */
async function removeWorkDir(jobId: string, workDir: string): Promise<void> {
  if (process.env.SLATE_KEEP_WORKDIRS === '1') return
  await fs.rm(workDir, { recursive: true, force: true }).catch((e: Error) => console.error(`slate: build ${jobId}: could not remove ${workDir}: ${e.message}`))
}

async function runBuildSteps(
  o: StartBuildOptions,
  jobId: string,
  workDir: string,
  t0: number,
  isCancelled: () => boolean,
  setRunning: (r: { cancel(): Promise<void> }) => void,
): Promise<BuildOutcome> {
  const startedAt = new Date(t0).toISOString()
  const projectName = o.projectName ?? path.basename(o.projectRoot)
  const [scenes, sourceCommit, durations] = await Promise.all([
    scenesFor(o.projectRoot, o.profile),
    projectCommit(o.projectRoot),
    o.history.recentDurations(o.projectRoot, o.profile.target).catch(() => []),
  ])
  const estimatedTotalMs = median(durations)
  const spec = describeBuild({ jobId, projectRoot: o.projectRoot, profile: o.profile, unity: o.unity, scenes, workDir, env: o.env })
  const { reportPath, outputPath } = spec
  const described = o.runner.describe(spec)
  await o.history.createJob({
    id: jobId,
    projectRoot: o.projectRoot,
    projectName,
    target: o.profile.target,
    type: o.profile.type,
    runner: o.runnerKind ?? o.runner.kind,
    profile: o.profile,
    unityVersion: o.unity.version,
    commandLine: [described.executable, ...described.args],
    sourceCommit,
    userId: os.userInfo().username,
    status: 'running',
  })
  await o.history.markRunning(jobId, { startedAt, worker: o.worker ?? null, attempt: o.attempt })

  const tracker = new StageTracker()
  const splitter = new LineSplitter()
  const parser = new UnityLogParser()
  const messages: BuildMessage[] = []
  const compileErrors: CompileError[] = []
  let warningEntries = 0
  let licensingLine: string | null = null

  const emitStage = (change: ReturnType<StageTracker['line']>, logLine?: number) => {
    if (!change) return
    o.events.progress({
      jobId,
      stage: change.stage,
      step: change.label,
      progress: change.progress,
      elapsedMs: Date.now() - t0,
      estimatedTotalMs,
      marker: change.marker,
      logLine,
      at: new Date().toISOString(),
    })
    // Progress in the row is a hint for other clients (live progress travels as events): a failed
    // write is reported, not fatal.
    void o.history.setProgress(jobId, change.progress).catch((err: Error) => console.error(`slate: build ${jobId}: progress not recorded: ${err.message}`))
  }
  const collect = (entries: LogEntry[], into: BuildMessage[]) => {
    for (const e of entries) {
      if (e.level === 'info') continue
      if (e.level === 'warning') warningEntries++
      if (e.compiler?.severity === 'error') {
        const c = e.compiler
        compileErrors.push({ file: c.file, line: c.line, column: c.column, code: c.code, message: c.message })
      }
      const m: BuildMessage = { type: e.level, content: e.message, file: e.file, line: e.line, column: e.column, code: e.compiler?.code }
      into.push(m)
      if (messages.length < MAX_MESSAGES) messages.push(m)
    }
  }
  const handleLines = (lines: string[]) => {
    if (lines.length === 0) return
    const firstLine = splitter.count - lines.length + 1
    const found: BuildMessage[] = []
    lines.forEach((line, i) => {
      emitStage(tracker.line(line), firstLine + i)
      if (!licensingLine && LICENSING_FAILURE.test(line)) licensingLine = line
      collect(parser.pushLine(line), found)
    })
    o.events.log({ jobId, firstLine, lines, messages: found })
  }

  emitStage(tracker.start())
  let logFile: WriteStream | null = null
  if (o.logDir) {
    mkdirSync(o.logDir, { recursive: true })
    logFile = createWriteStream(buildLogPath(o.logDir, jobId))
    logFile.on('error', (err) => console.error(`slate: build log ${jobId}: ${err.message}`))
  }
  let outcome: RunOutcome
  if (isCancelled()) {
    outcome = { exitCode: null, signal: null, runnerError: null, processStartedAt: null }
  } else {
    const run = o.runner.start(spec, {
      onOutput: (chunk) => {
        logFile?.write(chunk)
        handleLines(splitter.push(chunk))
      },
      onStarted: () => undefined,
    })
    setRunning(run)
    if (isCancelled()) void run.cancel() // cancel arrived while we were preparing
    outcome = await run.done
  }
  handleLines(splitter.end())
  if (logFile) await new Promise<void>((resolve) => logFile!.end(resolve))
  const tail: BuildMessage[] = []
  collect(parser.end(), tail)

  const { report, problem, text: reportText } = await readReport(reportPath)
  await removeWorkDir(jobId, workDir)
  const verdict = decideVerdict({
    exitCode: outcome.exitCode,
    signal: outcome.signal,
    cancelled: isCancelled(),
    report,
    reportProblem: problem,
    licensingLine,
    compileErrors: compileErrors.length,
    runnerError: outcome.runnerError,
  })
  if (verdict.status === 'succeeded') emitStage(tracker.line('Build Finished, Result: Success.'))
  const completedAt = new Date().toISOString()
  const durationMs = Date.now() - t0
  const sizes = await sizesForCompletion({ history: o.history, projectRoot: o.projectRoot, profile: o.profile, jobId }, reportText, report, verdict.status === 'succeeded')
  const stored = await o.history.complete(jobId, {
    status: verdict.status,
    result: verdict.result,
    failureKind: verdict.failureKind,
    reason: verdict.reason,
    startedAt,
    completedAt,
    durationMs,
    totalSize: report ? report.totalSize : null,
    // The host path: the report's own path is the container's for Docker builds.
    outputPath: verdict.status === 'succeeded' ? outputPath : null,
    errorCount: report ? Math.max(report.totalErrors, compileErrors.length) : compileErrors.length,
    warningCount: report ? report.totalWarnings : warningEntries,
    steps: report?.steps ?? [],
    ...sizes,
    messages,
    worker: o.worker ?? null,
    attempt: o.attempt,
  })
  const job = (await o.history.get(jobId)) ?? fallbackSummary(o, jobId, verdict, startedAt, completedAt, durationMs)
  o.events.finished(job)
  return { job, verdict, errors: compileErrors, stored, processStartedAt: outcome.processStartedAt }
}

async function readReport(file: string): Promise<{ report: BridgeBuildReport | null; problem: string | null; text: string | null }> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    return { report: null, text: null, problem: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no report file' : `report unreadable: ${(err as Error).message}` }
  }
  const parsed = parseBridgeReport(text)
  return 'report' in parsed ? { report: parsed.report, problem: null, text } : { report: null, problem: parsed.problem, text: null }
}

function fallbackSummary(o: StartBuildOptions, id: string, v: Verdict, startedAt: string, completedAt: string, durationMs: number): BuildJobSummary {
  return {
    id,
    projectRoot: o.projectRoot,
    projectName: o.projectName ?? path.basename(o.projectRoot),
    target: o.profile.target,
    type: o.profile.type,
    runner: o.runnerKind ?? o.runner.kind,
    status: v.status,
    result: v.result,
    failureKind: v.failureKind,
    reason: v.reason,
    progress: v.status === 'succeeded' ? 100 : 0,
    sourceCommit: null,
    outputPath: null,
    totalSize: null,
    errorCount: 0,
    warningCount: 0,
    durationMs,
    startedAt,
    completedAt,
    createdAt: startedAt,
    origin: 'slate',
    worker: o.worker ?? null,
  }
}
