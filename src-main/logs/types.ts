/** Plain data produced by the Unity log parser; shared by the build runner and the console view. */

export type LogLevel = 'info' | 'warning' | 'error' | 'exception'

/**
 * - `plain`: a line Unity wrote itself (import progress, timings, licensing…)
 * - `script`: a Debug.Log* call, recognised by its managed stack trace
 * - `compiler`: a C# compiler diagnostic `file(line,col): error CS1234: …`
 * - `exception`: `SomethingException: message` followed by Mono `  at …` frames
 * - `tool`: what a tool around Unity printed (Gradle, aapt, d8/R8, IL2CPP, Bee, Burst, Xcode,
 *   MSBuild…), one block per message, at the level the tool gave it
 * - `group`: a run of batch-mode progress, licensing or timing lines, one entry for the run
 */
export type LogEntryKind = 'plain' | 'script' | 'compiler' | 'exception' | 'tool' | 'group'

/** The tool a `tool` entry comes from. */
export type LogTool = 'gradle' | 'java' | 'android' | 'il2cpp' | 'bee' | 'burst' | 'xcode' | 'dotnet' | 'licensing'

/** The batch-mode family of a `group` entry. */
export type LineGroup = 'progress' | 'timing' | 'licensing'

export interface StackFrame {
  text: string
  /** Source file of the frame, as Unity printed it (forward slashes). */
  file?: string
  line?: number
}

export interface CompilerDiagnostic {
  severity: 'error' | 'warning'
  /** Project-relative path with forward slashes, e.g. `Assets/Scripts/Player.cs`. */
  file: string
  line: number
  column: number
  /** `CS0246` */
  code: string
  message: string
}

export interface LogEntry {
  /** 0-based order of the entry in its log. */
  seq: number
  level: LogLevel
  kind: LogEntryKind
  /** The message: first line(s) before the stack trace. */
  message: string
  stack: StackFrame[]
  /** Where the message comes from: `(Filename: … Line: N)`, the first project frame, or the compiler. */
  file?: string
  line?: number
  column?: number
  compiler?: CompilerDiagnostic
  /** `tool` entries: which tool printed it (also set on a tool's lines inside a group). */
  tool?: LogTool
  /** `group` entries: the family of lines grouped. */
  group?: LineGroup
  /** The line that says what a block is about, when it is not the first (Gradle's "What went wrong"). */
  headline?: string
  /** A tool's error code (`BC1016`, `MSB1009`, `CS2001`). */
  code?: string
  /** 1-based line numbers in the log (after CRLF/NUL clean-up). */
  firstLine: number
  lastLine: number
}
