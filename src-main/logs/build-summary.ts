/**
 * The verdict and summary of a build log, judged by what the log SAYS ABOUT THE BUILD: Unity's
 * own result statements first ("Build Finished, Result: Success.", "Build completed with a
 * result of 'Failed'", a `##utp:` build message), then how the batch-mode run ended ("Exiting
 * batchmode successfully now!", "Aborting batchmode due to failure", a return code, a crash),
 * then a tool's own verdict when the log is that tool's (Gradle's "BUILD FAILED in 1s", Xcode's
 * "** BUILD FAILED **", MSBuild's "Build FAILED."). An error line is never a verdict by itself: a
 * log full of errors that ends "Build Finished, Result: Success." is a success with errors, and a
 * log that does not say how the build ended is `unknown`.
 */
import type { BuildLogSummary, BuildLogVerdict } from '../../src-shared/types-logs'
import type { LogEntry } from './types'

export type { BuildLogSummary, BuildLogVerdict }

type Tier = 'unity' | 'exit' | 'tool'
interface Statement {
  tier: Tier
  verdict: Exclude<BuildLogVerdict, 'unknown'>
  result: string
  logLine: number
  text: string
  tool?: string
}

const BUILD_FINISHED = /^Build Finished, Result: (\w+)\.?/
const BUILD_COMPLETED = /^Build completed with a result of '(\w+)'(?: in (\d+) seconds \((\d+) ms\))?/
const UTP = /^##utp:(\{.*\})\s*$/
const EXIT_OK = /^Exiting batchmode successfully now!?/
const EXIT_ABORT = /^Aborting batchmode due to (?:failure|fatal error)/
const RETURN_CODE = /^(?:Exiting without the bug reporter\. )?Application will terminate with return code (-?\d+)/
const CRASH = /^(?:Crash!!!|=+ Native Crash Reporting =+|Received signal SIG(?:SEGV|ABRT|BUS|ILL))/
const GRADLE_RESULT = /^BUILD (SUCCESSFUL|FAILED) in (\S.*)$/
const XCODE_RESULT = /^\*\* (BUILD|ARCHIVE|EXPORT) (SUCCEEDED|FAILED) \*\*/
const MSBUILD_RESULT = /^Build (succeeded|FAILED)\.$/
const MSBUILD_ELAPSED = /^Time Elapsed (\d+):(\d+):([\d.]+)$/

function verdictOfWord(word: string): Exclude<BuildLogVerdict, 'unknown'> | null {
  const w = word.toLowerCase()
  if (w === 'success' || w === 'succeeded' || w === 'successful') return 'succeeded'
  if (w === 'failure' || w === 'failed' || w === 'cancelled' || w === 'canceled') return 'failed'
  return null
}

/** `1m 23s`, `850ms`, `2h 1m 5s` (Gradle's durations) → seconds. */
function parseSpan(text: string): number | null {
  let total = 0
  let any = false
  for (const m of text.matchAll(/(\d+(?:\.\d+)?) ?(ms|h|m|s)\b/g)) {
    const n = Number(m[1])
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000
    any = true
  }
  return any ? total : null
}

/** Builds the summary as entries arrive (the console's live tail) or over a whole log. */
export class BuildLogSummarizer {
  private statements: Statement[] = []
  private errors = 0
  private warnings = 0
  private firstError: BuildLogSummary['firstError'] = null
  private unityMs: number | null = null
  private toolSeconds: number | null = null

  add(entries: Iterable<LogEntry>): void {
    for (const e of entries) this.addOne(e)
  }

  private addOne(e: LogEntry): void {
    if (e.level === 'error' || e.level === 'exception') {
      this.errors++
      if (!this.firstError && e.tool !== 'licensing') {
        const message = e.headline ?? e.message.split('\n', 1)[0].trim()
        this.firstError = { message, ...(e.file ? { file: e.file, line: e.line } : {}), logLine: e.firstLine }
      }
    } else if (e.level === 'warning') {
      this.warnings++
    }
    // Statements are whole lines; a block (Gradle's report inside a CommandInvokationFailure) holds several.
    const lines = e.message.includes('\n') ? e.message.split('\n') : [e.message]
    for (let i = 0; i < lines.length; i++) this.readLine(lines[i], e.firstLine + i)
  }

  private readLine(line: string, logLine: number): void {
    const c = line.charCodeAt(0)
    // Cheap first-character gate: every statement starts with one of these.
    if (c !== 66 /* B */ && c !== 35 /* # */ && c !== 69 /* E */ && c !== 65 /* A */ && c !== 67 /* C */ && c !== 61 /* = */ && c !== 82 /* R */ && c !== 42 /* * */ && c !== 84 /* T */) return
    let m: RegExpExecArray | null
    if ((m = BUILD_FINISHED.exec(line))) return this.state('unity', m[1], line, logLine)
    if ((m = BUILD_COMPLETED.exec(line))) {
      if (m[3]) this.unityMs = Number(m[3])
      else if (m[2]) this.unityMs = Number(m[2]) * 1000
      return this.state('unity', m[1], line, logLine)
    }
    if ((m = UTP.exec(line))) return this.readUtp(m[1], line, logLine)
    if (EXIT_OK.test(line)) return this.push('exit', 'succeeded', 'exited successfully', line, logLine)
    if (EXIT_ABORT.test(line)) return this.push('exit', 'failed', 'batch mode aborted', line, logLine)
    if ((m = RETURN_CODE.exec(line))) return this.push('exit', m[1] === '0' ? 'succeeded' : 'failed', `exit code ${m[1]}`, line, logLine)
    if (CRASH.test(line)) return this.push('exit', 'failed', 'Unity crashed', line, logLine)
    if ((m = GRADLE_RESULT.exec(line))) {
      this.toolSeconds = parseSpan(m[2]) ?? this.toolSeconds
      return this.push('tool', m[1] === 'SUCCESSFUL' ? 'succeeded' : 'failed', `Gradle ${m[1]}`, line, logLine, 'gradle')
    }
    if ((m = XCODE_RESULT.exec(line))) return this.push('tool', m[2] === 'SUCCEEDED' ? 'succeeded' : 'failed', `Xcode ${m[1]} ${m[2]}`, line, logLine, 'xcode')
    if ((m = MSBUILD_RESULT.exec(line))) return this.push('tool', m[1] === 'succeeded' ? 'succeeded' : 'failed', `MSBuild ${m[1]}`, line, logLine, 'dotnet')
    if ((m = MSBUILD_ELAPSED.exec(line))) this.toolSeconds = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])
  }

  /** `##utp:` lines are Unity's machine-readable messages; some say how a build went or how long it took. */
  private readUtp(json: string, line: string, logLine: number): void {
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(json) as Record<string, unknown>
    } catch {
      return
    }
    const type = String(msg.type ?? '')
    if (type === 'PlayerBuildInfo' && typeof msg.duration === 'number') this.unityMs = msg.duration
    if (/BuildResult|BuildReport|PlayerBuild/i.test(type)) {
      const word = [msg.result, msg.buildResult, msg.status].find((v) => typeof v === 'string') as string | undefined
      if (word) this.state('unity', word, line, logLine)
      if (typeof msg.totalTime === 'number' && this.unityMs === null) this.unityMs = msg.totalTime
    }
  }

  private state(tier: Tier, word: string, text: string, logLine: number): void {
    const v = verdictOfWord(word)
    if (v) this.push(tier, v, word, text, logLine)
  }

  private push(tier: Tier, verdict: Statement['verdict'], result: string, text: string, logLine: number, tool?: string): void {
    this.statements.push({ tier, verdict, result, text: text.trim(), logLine, ...(tool ? { tool } : {}) })
  }

  summary(): BuildLogSummary {
    const decided = decide(this.statements)
    const seconds = this.unityMs !== null ? this.unityMs / 1000 : this.toolSeconds
    return {
      verdict: decided?.verdict ?? 'unknown',
      result: decided?.result ?? null,
      verdictLine: decided?.logLine ?? null,
      verdictText: decided?.text ?? null,
      errors: this.errors,
      warnings: this.warnings,
      // An error printed after the build's result (a device daemon at shutdown) is not what the build hit.
      firstError: this.firstError && decided && this.firstError.logLine > decided.logLine ? null : this.firstError,
      durationSeconds: seconds === null ? null : Math.round(seconds * 1000) / 1000,
    }
  }
}

/**
 * Unity's last word on the build decides, except that a failure said after a success (the run
 * aborted after the build, Xcode failed on the exported project) makes it a failure. Without a
 * word from Unity, how the run ended decides; without that, the tools' own verdicts.
 */
function decide(all: Statement[]): Statement | null {
  const last = (tier: Tier) => all.filter((s) => s.tier === tier).at(-1)
  const unity = last('unity')
  const laterFailure = (after: number) => all.find((s) => s.logLine > after && s.verdict === 'failed' && s.tier !== 'unity')
  if (unity) return unity.verdict === 'succeeded' ? (laterFailure(unity.logLine) ?? unity) : unity
  const exit = last('exit')
  const toolFailure = all.find((s) => s.tier === 'tool' && s.verdict === 'failed' && !all.some((t) => t.tool === s.tool && t.logLine > s.logLine && t.verdict === 'succeeded'))
  if (exit) return exit.verdict === 'succeeded' && toolFailure ? toolFailure : exit
  return toolFailure ?? last('tool') ?? null
}

/** Parse-and-summarise helper for whole logs. */
export function summarizeEntries(entries: Iterable<LogEntry>): BuildLogSummary {
  const s = new BuildLogSummarizer()
  s.add(entries)
  return s.summary()
}
