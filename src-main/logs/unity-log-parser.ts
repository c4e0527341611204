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
import type { CompilerDiagnostic, LogEntry, LogLevel, StackFrame } from './types'

interface Pending {
  lines: string[]
  stack: StackFrame[]
  firstLine: number
  lastLine: number
  /** A blank line followed the stack: only a `(Filename: …)` trailer may still join this entry. */
  closedByBlank: boolean
  debugLevel?: LogLevel
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
    const p = this.pending
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
        p.stack.push(frame)
        p.lastLine = lineNo
        const lvl = DEBUG_LEVEL_FRAME.exec(line)
        if (lvl && !p.debugLevel) p.debugLevel = levelOfDebugCall(lvl[1])
        return
      }
    }
    this.finish(out)
    this.pending = { lines: [line], stack: [], firstLine: lineNo, lastLine: lineNo, closedByBlank: false }
    // A compiler diagnostic never has a stack: emit it now so consumers see it without delay.
    if (COMPILER_DIAGNOSTIC.test(line)) this.finish(out)
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
