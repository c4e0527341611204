import { parseUnityLog, type LogEntry, type LogLevel } from '../logs'
import type { LogsMessage } from './protocol'

const LEVEL: Record<LogsMessage['entries'][number]['level'], LogLevel> = {
  log: 'info',
  warning: 'warning',
  error: 'error',
  exception: 'exception',
  assert: 'error',
}

/**
 * Log lines from Application.logMessageReceivedThreaded (message + stack trace, as separate
 * strings) → console entries. The stack is read by the same Unity log parser as Editor.log, so
 * `Player:Update () (at Assets/Player.cs:12)` and Mono `at … in …:line` frames become clickable
 * frames, and the entry points at the first project frame. The level is Unity's own log type,
 * never guessed from the text.
 */
export function liveLogEntries(entries: LogsMessage['entries'], firstSeq: number): LogEntry[] {
  const out: LogEntry[] = []
  let seq = firstSeq
  for (const e of entries) {
    const stackText = (e.stack ?? '').replace(/\r\n?/g, '\n').trim()
    const message = e.message.replace(/\r\n?/g, '\n').replace(/\n+$/, '')
    // Parsed as one Editor.log entry: the message lines, then the frames right after them.
    const parsed = parseUnityLog(stackText ? `${message}\n${stackText}\n` : `${message}\n`)
    const stack = parsed.flatMap((p) => p.stack)
    const where = parsed.find((p) => p.file && p.line)
    const compiler = parsed.find((p) => p.compiler)?.compiler
    const lines = message.split('\n').length + (stackText ? stackText.split('\n').length : 0)
    out.push({
      seq: seq++,
      level: LEVEL[e.level],
      kind: e.level === 'exception' ? 'exception' : stack.length > 0 ? 'script' : compiler ? 'compiler' : 'plain',
      message,
      stack,
      ...(where ? { file: where.file, line: where.line } : {}),
      ...(compiler ? { compiler, column: compiler.column } : {}),
      firstLine: 0,
      lastLine: lines,
    })
  }
  return out
}
