import { spawn } from 'node:child_process'
import readline from 'node:readline'
import { ApiError } from '../../src-shared/contract-kit'
import type { FindMatch, FindResult } from '../../src-shared/types-ui'
import { rgIgnoreGlobs } from './ignore'
import { MAX_FILE_BYTES, matchAt, type FindQuery } from './find-scan'

/** rg's text: `text` when it is valid UTF-8, otherwise the raw bytes in base64. */
interface RgData {
  text?: string
  bytes?: string
}

interface RgMatch {
  data: { path: RgData; lines: RgData; line_number: number; submatches: { start: number; end: number }[] }
}

/**
 * Maps UTF-8 byte offsets of a line (what rg reports) to UTF-16 offsets (what Monaco and
 * previewOf count), for offsets asked in increasing order: one walk of the line however many
 * matches it holds, which matters on 500,000-character minified lines. An offset inside a
 * character (rg reports empty matches at every byte) maps to that character's start.
 */
export function utf16Offsets(text: string): (byteOffset: number) => number {
  let byte = 0
  let unit = 0
  return (target) => {
    if (target < byte) byte = unit = 0
    while (unit < text.length) {
      const cp = text.codePointAt(unit)!
      const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
      if (byte + bytes > target) break
      byte += bytes
      unit += cp >= 0x10000 ? 2 : 1
    }
    return unit
  }
}

/** Lines that are not valid UTF-8: decode the prefix the way the Node scan decodes the file. */
function bufferOffsets(buf: Buffer): (byteOffset: number) => number {
  return (target) => buf.subarray(0, target).toString('utf8').length
}

function decode(d: RgData): string {
  return d.text ?? (d.bytes ? Buffer.from(d.bytes, 'base64').toString('utf8') : '')
}

/**
 * Find in files with ripgrep's JSON output. Lines, columns and lengths all come from rg's
 * `submatches`, so no JavaScript regex runs here: rg's engine is linear-time, and a backtracking
 * pattern cannot stall the core on this path. Runs with cwd = project root; rg never follows
 * symlinks unless told to (-L).
 */
export async function runRipgrep(rg: string, root: string, q: FindQuery, max: number, signal?: AbortSignal): Promise<Omit<FindResult, 'engine' | 'ms'>> {
  if (signal?.aborted) throw new ApiError('cancelled', 'Find in files was cancelled')
  const args = ['--json', '--no-ignore', '--no-config', '--max-filesize', `${MAX_FILE_BYTES}`, ...rgIgnoreGlobs()]
  if (!q.caseSensitive) args.push('--ignore-case')
  if (!q.regex) args.push('--fixed-strings')
  if (q.wholeWord) args.push('--word-regexp')
  if (q.include) args.push('--glob', q.include)
  args.push('--regexp', q.query, '--', '.')
  const child = spawn(rg, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  // Cancelling kills rg; the stream below then ends and the call reports `cancelled`.
  const onAbort = () => child.kill()
  signal?.addEventListener('abort', onAbort, { once: true })
  child.once('error', () => undefined)
  const matches: FindMatch[] = []
  const files = new Set<string>()
  let truncated = false
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += String(d)).length > 4000 && (stderr = stderr.slice(-4000)))
  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity })
  for await (const raw of lines) {
    if (!raw.startsWith('{"type":"match"')) continue
    const { data } = JSON.parse(raw) as RgMatch
    const rel = decode(data.path).replace(/^\.\//, '').replace(/\\/g, '/')
    const full = decode(data.lines)
    const text = full.replace(/\r?\n$/, '')
    const toUtf16 = data.lines.text !== undefined ? utf16Offsets(full) : bufferOffsets(Buffer.from(data.lines.bytes ?? '', 'base64'))
    files.add(rel)
    let last = -1
    for (const sub of data.submatches) {
      const column = toUtf16(sub.start)
      // The line ending is not part of the line shown (a `\s` match could end on it).
      const end = Math.min(toUtf16(sub.end), text.length)
      // Empty matches inside one multi-byte character collapse onto the character's start.
      if (end === column && column === last) continue
      last = column
      matches.push(matchAt(rel, data.line_number, text, column, Math.max(0, end - column)))
      if (matches.length >= max) break
    }
    if (matches.length >= max) {
      truncated = true
      child.kill()
      break
    }
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)))
  signal?.removeEventListener('abort', onAbort)
  if (signal?.aborted) throw new ApiError('cancelled', 'Find in files was cancelled')
  // rg's regex syntax is not JavaScript's (no look-around or backreferences): that is the user's
  // pattern, not a fault of ours.
  if (code === 2 && matches.length === 0 && /regex parse error|look-?around|backreferences/i.test(stderr)) {
    const reason = /^error: (.*)$/m.exec(stderr)?.[1] ?? stderr.trim().split('\n')[0]
    throw new ApiError('invalid_argument', `ripgrep cannot run this regular expression: ${reason}`)
  }
  // rg exits 1 for "no match" and 2 for partial errors (an unreadable file): both still gave results.
  if (!truncated && code !== 0 && code !== 1 && matches.length === 0 && stderr) throw new ApiError('internal', `ripgrep failed: ${stderr.trim().split('\n')[0]}`)
  return { matches, files: files.size, truncated }
}
