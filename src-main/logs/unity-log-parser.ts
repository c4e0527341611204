import { LineSplitter } from './line-splitter'
import {
  COMPILER_DIAGNOSTIC,
  DEBUG_LEVEL_FRAME,
  EXCEPTION_HEADER,
  FILENAME_TRAILER,
  MANAGED_FRAME,
  MONO_FRAME,
  PLAIN_ERROR,
  PLAIN_WARNING,
  RETHROW,
  monoFrameLocation,
} from './patterns'
import { COMMAND_FAILURE, COMMAND_FAILURE_END, classifyToolLine, type LineClass } from './tool-lines'
import type { CompilerDiagnostic, LogEntry, LogLevel, StackFrame } from './types'

/** An indented line under one of Unity's own messages continues it. */
const UNITY_CONTINUATION = /^[ \t]+\S/

/** A bracketed block (a command's stderr/stdout, Gradle's failure report) never grows past this. */
const MAX_BLOCK_LINES = 20_000

interface Pending {
  lines: string[]
  stack: StackFrame[]
  firstLine: number
  lastLine: number
  /** A blank line followed the stack: only a `(Filename: …)` trailer may still join this entry. */
  closedByBlank: boolean
  debugLevel?: LogLevel
  /** What a tool line says it is (level, tool, group); undefined for Unity's own lines. */
  cls?: LineClass
  /** Still inside a bracketed block: every line joins until this matches. */
  until?: RegExp
  /** Lines that continue the message (indented details). */
  continues?: RegExp
  headline?: string
  awaitHeadline?: boolean
}

/**
 * Streaming parser for Unity Editor and Player logs. Feed it bytes as they arrive (`push`) or
 * whole lines (`pushLine`); it returns the entries each call completed. An entry is complete when
 * the next message starts, so the last entry waits for the next line: callers that show a live
 * console call `flush()` when the stream has been idle for a moment, and `end()` at the end.
 *
 * Grouping rules (what Unity actually writes):
 * - a message line followed by managed frames, a blank line and `(Filename: X Line: N)` is one
 *   script entry; the level comes from the `UnityEngine.Debug:LogError/LogWarning/…` frame;
 * - `XException: message` followed by `  at …` frames (and `Rethrow as …`) is one exception;
 * - `file(line,col): error CS1234: …` is a compiler diagnostic, one per line, never merged;
 * - `CommandInvokationFailure: …` runs through the command's `stderr[…]`/`stdout[…]` to
 *   `exit code: N`, then takes its Mono frames: one error;
 * - a tool's lines (./tool-lines) are blocks at the tool's level: Gradle's failure report from
 *   "FAILURE:" to "BUILD FAILED", a run of `> Task` lines, indented details of an error; a stack
 *   Unity adds when it relays a tool's output does not change the tool's level;
 * - runs of batch-mode progress, licensing and timing lines are one `group` entry each;
 * - every other line is its own plain entry.
 */
export class UnityLogParser {
  private readonly splitter = new LineSplitter()
  private pending: Pending | null = null
  private lineNo = 0
  private seq = 0

  push(chunk: Buffer | string): LogEntry[] {
    const out: LogEntry[] = []
    for (const line of this.splitter.push(chunk)) this.consume(line, out)
    return out
  }

  /** One line without its terminator (for callers that split lines themselves). */
  pushLine(line: string): LogEntry[] {
    const out: LogEntry[] = []
    this.consume(line, out)
    return out
  }

  /** Emit the entry still waiting for a possible stack trace. */
  flush(): LogEntry[] {
    const out: LogEntry[] = []
    this.finish(out)
    return out
  }

  end(): LogEntry[] {
    const out: LogEntry[] = []
    for (const line of this.splitter.end()) this.consume(line, out)
    this.finish(out)
    return out
  }

  private consume(raw: string, out: LogEntry[]): void {
    const lineNo = ++this.lineNo
    const line = raw.includes('\0') ? raw.replace(/\0+/g, '') : raw
    let p = this.pending
    if (p?.until) {
      this.extend(p, line, lineNo)
      if (p.until.test(line) || p.lines.length >= MAX_BLOCK_LINES) p.until = undefined
      return
    }
    if (line.trim() === '') {
      if (p && p.stack.length > 0) p.closedByBlank = true
      else this.finish(out)
      return
    }
    const trailer = FILENAME_TRAILER.exec(line)
    if (trailer && p) {
      p.lastLine = lineNo
      const file = normalizePath(trailer[1])
      const n = Number(trailer[2])
      this.finish(out, file && n > 0 ? { file, line: n } : undefined)
      return
    }
    if (p && !p.closedByBlank && !COMPILER_DIAGNOSTIC.test(p.lines[0])) {
      const frame = parseFrame(line)
      if (frame) {
        // A stack under a run of grouped lines belongs to the last one: it is a script's message.
        if (p.cls?.group) p = this.ungroup(p, out)
        p.stack.push(frame)
        p.lastLine = lineNo
        const lvl = DEBUG_LEVEL_FRAME.exec(line)
        if (lvl && !p.debugLevel) p.debugLevel = levelOfDebugCall(lvl[1])
        return
      }
    }
    // Unity prints a multi-line message's later lines indented (package lists, memory setup…).
    const continues = p?.cls ? p.continues : UNITY_CONTINUATION
    if (p && p.stack.length === 0 && !p.closedByBlank && continues?.test(line) && !COMPILER_DIAGNOSTIC.test(p.lines[0])) {
      this.extend(p, line, lineNo)
      return
    }
    const compiler = COMPILER_DIAGNOSTIC.test(line)
    const cls = compiler ? null : classifyToolLine(line)
    if (p && cls?.join && p.stack.length === 0 && p.cls?.join === cls.join && p.cls.level === cls.level) {
      this.extend(p, line, lineNo)
      p.continues = cls.continues
      return
    }
    this.finish(out)
    p = { lines: [line], stack: [], firstLine: lineNo, lastLine: lineNo, closedByBlank: false }
    if (cls) {
      p.cls = cls
      p.until = cls.until
      p.continues = cls.continues
      p.awaitHeadline = cls.headlineAfter?.test(line) ?? false
    } else if (COMMAND_FAILURE.test(line)) {
      p.until = COMMAND_FAILURE_END
    }
    this.pending = p
    // A compiler diagnostic never has a stack: emit it now so consumers see it without delay.
    if (compiler) this.finish(out)
  }

  /** Add a line to a block, noting the headline (the first line after "* What went wrong:"). */
  private extend(p: Pending, line: string, lineNo: number): void {
    p.lines.push(line)
    p.lastLine = lineNo
    const after = p.cls?.headlineAfter
    if (!after) return
    if (p.awaitHeadline && !p.headline && line.trim() !== '') {
      p.headline = line.trim()
      p.awaitHeadline = false
    } else if (after.test(line)) {
      p.awaitHeadline = true
    }
  }

  /** Emit all but the last line of a group; the last becomes a plain entry that takes the stack. */
  private ungroup(p: Pending, out: LogEntry[]): Pending {
    const last = p.lines.length > 1 ? p.lines.pop()! : null
    if (last !== null) {
      const line = p.lastLine
      p.lastLine = line - 1
      this.finish(out)
      this.pending = { lines: [last], stack: [], firstLine: line, lastLine: line, closedByBlank: false }
      return this.pending
    }
    p.cls = undefined
    p.continues = undefined
    return p
  }

  private finish(out: LogEntry[], trailer?: { file: string; line: number }): void {
    const p = this.pending
    this.pending = null
    if (!p) return
    out.push(this.toEntry(p, trailer))
  }

  private toEntry(p: Pending, trailer?: { file: string; line: number }): LogEntry {
    const message = p.lines.join('\n')
    const base = { seq: this.seq++, message, stack: p.stack, firstLine: p.firstLine, lastLine: p.lastLine }
    const compiler = parseCompilerDiagnostic(p.lines[0])
    if (compiler) {
      return {
        ...base,
        kind: 'compiler',
        level: compiler.severity,
        compiler,
        file: compiler.file,
        line: compiler.line,
        column: compiler.column,
      }
    }
    if (COMMAND_FAILURE.test(p.lines[0])) {
      // An external command (Gradle, the JDK, adb…) failed and the build stopped: an error.
      const at = firstProjectFrame(p.stack)
      return { ...base, kind: 'exception', level: 'error', ...(at ? { file: at.file, line: at.line } : {}) }
    }
    const cls = p.cls
    if (cls && p.stack.length === 0 && cls.group) {
      return { ...base, kind: 'group', level: cls.level, group: cls.group, ...(cls.tool ? { tool: cls.tool } : {}) }
    }
    if (cls) {
      const where = trailer ?? (cls.file ? { file: cls.file, line: cls.line } : firstProjectFrame(p.stack))
      return {
        ...base,
        kind: cls.tool ? 'tool' : 'plain',
        level: cls.level,
        ...(cls.tool ? { tool: cls.tool } : {}),
        ...(where?.file ? { file: where.file, line: where.line } : {}),
        ...(cls.column ? { column: cls.column } : {}),
        ...(cls.code ? { code: cls.code } : {}),
        ...(p.headline ? { headline: p.headline } : {}),
      }
    }
    const isException = EXCEPTION_HEADER.test(p.lines[0]) && (p.stack.length > 0 || /Exception:/.test(p.lines[0]))
    // Debug.LogException and `Debug.LogError(exception)` print the exception header, its Mono frames
    // and then the managed Debug frames: the header says more than the Debug call.
    const kind = isException ? 'exception' : p.stack.length > 0 ? 'script' : 'plain'
    const level: LogLevel = isException ? 'exception' : (p.debugLevel ?? plainLevel(p.lines[0]))
    const where = trailer ?? firstProjectFrame(p.stack)
    return { ...base, kind, level, ...(where ? { file: where.file, line: where.line } : {}) }
  }
}

export function parseCompilerDiagnostic(line: string): CompilerDiagnostic | null {
  const m = COMPILER_DIAGNOSTIC.exec(line)
  if (!m) return null
  return {
    file: normalizePath(m[1].trim()),
    line: Number(m[2]),
    column: Number(m[3]),
    severity: m[4] as 'error' | 'warning',
    code: m[5],
    message: m[6],
  }
}

function parseFrame(line: string): StackFrame | null {
  const managed = MANAGED_FRAME.exec(line)
  if (managed) {
    return managed[1] ? { text: line, file: normalizePath(managed[1]), line: Number(managed[2]) } : { text: line }
  }
  if (MONO_FRAME.test(line)) {
    const text = line.trim()
    const loc = monoFrameLocation(text)
    // `in <a40de2f63ada42c98008dd43cde35512>:0` is an assembly hash, not a file.
    if (loc && !loc.file.startsWith('<')) return { text, file: normalizePath(loc.file), line: loc.line }
    return { text }
  }
  if (RETHROW.test(line)) return { text: line }
  return null
}

function levelOfDebugCall(method: string): LogLevel {
  switch (method) {
    case 'LogError':
    case 'LogAssertion':
      return 'error'
    case 'LogWarning':
      return 'warning'
    case 'LogException':
      return 'exception'
    default:
      return 'info'
  }
}

function plainLevel(line: string): LogLevel {
  if (PLAIN_ERROR.test(line)) return 'error'
  if (PLAIN_WARNING.test(line)) return 'warning'
  return 'info'
}

/** The first frame in the user's project: what a person wants to jump to. */
function firstProjectFrame(stack: StackFrame[]): { file: string; line: number } | undefined {
  const f = stack.find((s) => s.file && s.line && /^(Assets|Packages)\//.test(s.file))
  return f ? { file: f.file!, line: f.line! } : undefined
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/')
}

/** Parse a whole log at once (tests, imports). */
export function parseUnityLog(text: string | Buffer): LogEntry[] {
  const parser = new UnityLogParser()
  return [...parser.push(text), ...parser.end()]
}
