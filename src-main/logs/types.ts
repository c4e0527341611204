/** Plain data produced by the Unity log parser; shared by the build runner and the console view. */

export type LogLevel = 'info' | 'warning' | 'error' | 'exception'

/**
 * - `plain`: a line Unity wrote itself (import progress, timings, licensing…)
 * - `script`: a Debug.Log* call, recognised by its managed stack trace
 * - `compiler`: a C# compiler diagnostic `file(line,col): error CS1234: …`
 * - `exception`: `SomethingException: message` followed by Mono `  at …` frames
 */
export type LogEntryKind = 'plain' | 'script' | 'compiler' | 'exception'

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
  /** 1-based line numbers in the log (after CRLF/NUL clean-up). */
  firstLine: number
  lastLine: number
}
