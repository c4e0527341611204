/**
 * What the tools around Unity print into its log, line by line: Gradle and the Android build
 * tools (aapt, d8/R8), the JVM, IL2CPP, Bee/Tundra, Burst, Xcode/clang, the .NET compilers and
 * MSBuild, and Unity's own batch-mode chatter (progress bars, licensing, timings).
 *
 * A tool's line gets the level the TOOL gives it, not the level Unity relays it at: Unity logs
 * Gradle's whole stdout with Debug.LogError, so "23 actionable tasks" would otherwise be an error
 * and Gradle's "What went wrong" an info line.
 *
 * Every pattern is anchored and linear-time: no nested quantifiers, no two adjacent quantified
 * parts over overlapping classes without a literal between them (they run on every line of logs
 * of a million lines, and a log is untrusted input).
 */
import type { LogLevel, LogTool, LineGroup } from './types'

export interface LineClass {
  level: LogLevel
  tool?: LogTool
  /** A batch-mode family whose consecutive lines become one entry. */
  group?: LineGroup
  /** Consecutive lines with the same key join one entry (`undefined`: the line stands alone). */
  join?: string
  /** Lines after this one that continue it (indented details of a tool's message). */
  continues?: RegExp
  /** A bracketed block: every line, blank ones too, belongs to it until this matches (inclusive). */
  until?: RegExp
  /** The line that says what the block is about, when it is not the first (Gradle's "What went wrong"). */
  headlineAfter?: RegExp
  file?: string
  line?: number
  column?: number
  code?: string
}

interface Rule {
  re: RegExp
  make: (m: RegExpExecArray, line: string) => LineClass
}

const NON_BLANK = /^\S|^\s+\S/
const INDENTED = /^\s+\S/

function lvl(text: string, fallback: LogLevel = 'info'): LogLevel {
  if (/\b(?:error|ERROR|Error|FAILED|failed)\b/.test(text)) return 'error'
  if (/\b(?:warning|WARNING|Warning|warn)\b/.test(text)) return 'warning'
  return fallback
}

function fixed(level: LogLevel, tool: LogTool | undefined, extra: Partial<LineClass> = {}): (m: RegExpExecArray, line: string) => LineClass {
  return () => ({ level, ...(tool ? { tool } : {}), ...extra })
}

/** Gradle's failure report, from "FAILURE:" to "BUILD FAILED in …". */
const GRADLE_FAILURE_END = /^BUILD FAILED in /
const GRADLE_WHAT_WENT_WRONG = /^\* What went wrong:$/

const RULES: Rule[] = [
  // --- Gradle and the JVM --------------------------------------------------------------------
  { re: /^FAILURE: Build (?:failed with an exception|completed with \d+ failures)/, make: fixed('error', 'gradle', { until: GRADLE_FAILURE_END, headlineAfter: GRADLE_WHAT_WENT_WRONG }) },
  { re: GRADLE_WHAT_WENT_WRONG, make: fixed('error', 'gradle', { continues: NON_BLANK, headlineAfter: GRADLE_WHAT_WENT_WRONG }) },
  { re: /^BUILD FAILED in \S/, make: fixed('error', 'gradle') },
  { re: /^> (?:Task|Configure project) :/, make: fixed('info', 'gradle', { join: 'gradle' }) },
  { re: /^\d+ actionable tasks?: /, make: fixed('info', 'gradle', { join: 'gradle' }) },
  { re: /^BUILD SUCCESSFUL in \S/, make: fixed('info', 'gradle', { join: 'gradle' }) },
  { re: /^(?:Deprecated Gradle features were used|You can use '--warning-mode all'|Starting a Gradle Daemon|To honour the JVM settings for this build)/, make: fixed('info', 'gradle', { join: 'gradle' }) },
  { re: /^Picked up (?:JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS):/, make: fixed('info', 'java') },

  // --- Android build tools -------------------------------------------------------------------
  { re: /^\s*Duplicate class \S+ found in modules /, make: fixed('error', 'android', { join: 'android-duplicate' }) },
  {
    re: /^ERROR: ?([^\s:]+(?::\\[^:]+)?):(\d+): AAPT: (error|warning): /,
    make: (m) => ({ level: m[3] === 'error' ? 'error' : 'warning', tool: 'android', file: m[1].replace(/\\/g, '/'), line: Number(m[2]) }),
  },
  { re: /^(?:ERROR:\s*)?(?:[^\s:]*[\\/])?aapt2?(?:\.exe)?:? /i, make: (_m, line) => ({ level: lvl(line), tool: 'android' }) },
  {
    re: /^(?:(ERROR|WARNING|Error|Warning|Info)(?: in [^:]*)?: ?)?(?:D8|R8)(?::| )/,
    make: (m, line) => ({ level: m[1] ? lvl(m[1]) : lvl(line, 'warning'), tool: 'android' }),
  },
  { re: /^(?:ERROR: )?Missing classes detected while running R8/, make: fixed('error', 'android') },

  // --- IL2CPP, Bee, Burst ----------------------------------------------------------------------
  { re: /^(?:Error: )?(?:IL2CPP|il2cpp(?:\.exe)?):? error\b/i, make: fixed('error', 'il2cpp', { continues: INDENTED }) },
  { re: /^il2cpp(?:\.exe)? did not run properly!?/i, make: fixed('error', 'il2cpp') },
  { re: /^Invoking il2cpp\b/, make: fixed('info', 'il2cpp') },
  { re: /^\*\*\* Tundra build failed\b/, make: fixed('error', 'bee') },
  { re: /^\*\*\* Tundra (?:build success|requires additional run)\b/, make: fixed('info', 'bee', { group: 'timing', join: 'timing' }) },
  { re: /^\[ *\d+\/ *\d+ +\d+s\] /, make: fixed('info', 'bee', { group: 'progress', join: 'progress' }) },
  { re: /^##### (?:CommandLine|ExitCode|Output|Custom Environment Variables)$/, make: fixed('error', 'bee', { continues: NON_BLANK }) },
  { re: /^Building \S.* failed with output:$/, make: fixed('error', 'bee', { continues: NON_BLANK }) },
  {
    re: /^(?:(.+?)\((\d+),(\d+)\): )?Burst (error|warning) (BC\d+): /,
    make: (m) => ({ level: m[4] === 'error' ? 'error' : 'warning', tool: 'burst', code: m[5], ...(m[1] ? { file: m[1].replace(/\\/g, '/'), line: Number(m[2]), column: Number(m[3]) } : {}) }),
  },
  { re: /^(?:Burst )?(?:internal )?compiler error: Burst\b|^Unexpected exception Burst\./, make: fixed('error', 'burst') },

  // --- Xcode, clang, the linker ---------------------------------------------------------------
  { re: /^\*\* (?:BUILD|ARCHIVE|EXPORT|CLEAN|TEST|ANALYZE) (?:SUCCEEDED|FAILED) \*\*/, make: (_m, line) => ({ level: line.includes('FAILED') ? 'error' : 'info', tool: 'xcode' }) },
  {
    re: /^(\/[^:]+|[A-Za-z]:\\[^:]+):(\d+):(?:(\d+):)? (error|fatal error|warning|note): /,
    make: (m) => ({ level: m[4] === 'warning' ? 'warning' : m[4] === 'note' ? 'info' : 'error', tool: 'xcode', file: m[1].replace(/\\/g, '/'), line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) }),
  },
  { re: /^The following build commands failed:$/, make: fixed('error', 'xcode', { continues: /^\s+\S|^\(\d+ failures?\)$/ }) },
  { re: /^Command \S+ failed with a nonzero exit code$/, make: fixed('error', 'xcode') },
  { re: /^(?:clang(?:\+\+)?|ld|swiftc?|xcodebuild): (?:fatal )?error: /, make: fixed('error', 'xcode') },
  { re: /^ld: warning: /, make: fixed('warning', 'xcode') },
  { re: /^ld: /, make: fixed('error', 'xcode') },
  { re: /^(?:error|fatal error): /, make: fixed('error', undefined) },
  { re: /^warning: /, make: fixed('warning', undefined) },
  {
    re: /^(?:CompileC|CompileSwift|SwiftCompile|SwiftDriver|Ld|Libtool|CodeSign|PhaseScriptExecution|ProcessInfoPlistFile|CopySwiftLibs|CpResource|CopyPlistFile|Touch|CreateBuildDirectory|WriteAuxiliaryFile|ProcessProductPackaging|GenerateDSYMFile|CompileAssetCatalog|CompileStoryboard|LinkStoryboards|MkDir|RegisterExecutionPolicyException|Validate|SymLink|ProcessPCH(?:\+\+)?) \S/,
    make: fixed('info', 'xcode', { group: 'progress', join: 'progress', continues: /^ {4}\S/ }),
  },

  // --- .NET compilers and MSBuild (located diagnostics are COMPILER_DIAGNOSTIC) -----------------
  { re: /^([^(:]*?) ?: (error|warning) ([A-Z]{2,}\d{2,}): /, make: (m) => ({ level: m[2] === 'error' ? 'error' : 'warning', tool: 'dotnet', code: m[3] }) },
  { re: /^(error|warning) ([A-Z]{2,}\d{3,}): /, make: (m) => ({ level: m[1] === 'error' ? 'error' : 'warning', tool: 'dotnet', code: m[2] }) },
  { re: /^Build FAILED\.$/, make: fixed('error', 'dotnet') },
  { re: /^Build succeeded\.$/, make: fixed('info', 'dotnet', { join: 'dotnet' }) },
  { re: /^ +\d+ (?:Warning|Error)\(s\)$/, make: fixed('info', 'dotnet', { join: 'dotnet' }) },
  { re: /^Time Elapsed \d+:\d+:[\d.]+$/, make: fixed('info', 'dotnet', { join: 'dotnet' }) },
  { re: /^(?:Microsoft \(R\) Build Engine version|MSBuild version) /, make: fixed('info', 'dotnet') },

  // --- Unity's own errors without a stack that the plain patterns miss -----------------------
  { re: /^Shader error in ['"]/, make: fixed('error', undefined) },
  { re: /^Shader warning in ['"]/, make: fixed('warning', undefined) },

  // --- Unity's batch-mode chatter: grouped, one entry per run of lines ------------------------
  { re: /^DisplayProgressbar: /, make: fixed('info', undefined, { group: 'progress', join: 'progress' }) },
  { re: /^\[Licensing::\w+\] (?:Error|ERROR)\b/, make: fixed('error', 'licensing') },
  { re: /^\[Licensing::\w+\] /, make: fixed('info', 'licensing', { group: 'licensing', join: 'licensing', continues: /^ {2}\S/ }) },
  { re: /^Asset Pipeline Refresh \(id=\w+\): Total: /, make: fixed('info', undefined, { group: 'timing', join: 'timing', continues: /^\t/ }) },
]

/**
 * Timing lines Unity prints in batch mode (per task, per refresh, per domain reload). They say
 * how long something took and nothing else, so they are grouped. A bounded prefix keeps the
 * generic form linear.
 */
const TIMING: Array<[needle: string | null, re: RegExp]> = [
  [' took ', /^Android PostProcess task "[^"]*" took [\d.]+ ms$/],
  [', in ', /^- (?:Loaded All Assemblies|Finished resetting the current domain|Completed reload), in +[\d.]+ seconds$/],
  [' ms', /^\t(?:Deserialize|Integration|Integration of assets|Thread Wait Time|Total Operation Time): +[\d.]+ ms$/],
  [null, /^(?:Unloading \d+ (?:unused Assets|Unused Serialized files)|Memory consumption went from |Total: [\d.]+ ms \(FindLiveObjects)/],
  [null, /^(?:Refresh completed in |RefreshInfo: |RefreshProfiler: |\[Performance\] |ExitCode: -?\d+ Duration: )/],
  // The generic forms scan up to ~200 characters: a substring test first keeps plain lines cheap.
  [' exited after ', /^\S[^\n]{0,200} exited after \d+ ms\.?$/],
  [' took ', /^[A-Za-z][\w .,'"()/-]{0,160}? took [\d.]+ ?(?:ms|s|sec|seconds)\.?$/],
  [' in ', /^[A-Za-z][\w .,'"()/-]{0,160}? in [\d.]+ ?(?:ms|s|sec|seconds)\.?$/],
]

/**
 * One pass that says whether ANY rule could match (their alternation, case-insensitive so it is
 * a superset): most lines of a log are Unity's own and skip the 45 separate tests.
 */
const ANY_RULE = new RegExp(`^(?:${RULES.map((r) => `(?:${r.re.source.replace(/^\^/, '')})`).join('|')})`, 'i')

const TIMING_CLASS: LineClass = { level: 'info', group: 'timing', join: 'timing' }

/** The class of one log line, or null when it is none of the tools' (Unity's own plain line). */
export function classifyToolLine(line: string): LineClass | null {
  if (ANY_RULE.test(line)) {
    for (const r of RULES) {
      const m = r.re.exec(line)
      if (m) return r.make(m, line)
    }
  }
  for (const [needle, re] of TIMING) if ((needle === null || line.includes(needle)) && re.test(line)) return TIMING_CLASS
  return null
}

/** `CommandInvokationFailure: Gradle build failed.` — Unity's report of a failed external command. */
export const COMMAND_FAILURE = /^Command(?:Invokation|Invocation)Failure: /
/** Unity writes the command, `stderr[…]`, `stdout[…]` and then `exit code: N` before the stack. */
export const COMMAND_FAILURE_END = /^exit code: -?\d+\s*$/
