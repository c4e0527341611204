import path from 'node:path'
import { ApiError } from '../../src-shared/contract-kit'
import type { FindMatch } from '../../src-shared/types-ui'
import { readRegularFile } from '../core/regular-file'
import { listProjectFiles } from './file-list'

/**
 * The pure-Node scan of find in files, and the pieces both engines share. The scan itself runs
 * in find-worker.ts, never on the core's main thread: a user's regex can backtrack for hours.
 */

export interface FindQuery {
  query: string
  regex?: boolean
  caseSensitive?: boolean
  wholeWord?: boolean
  /** A glob such as `*.cs` or `Assets/Scripts/**`; empty for everything. */
  include?: string
  maxResults?: number
}

export const MAX_FILE_BYTES = 8 * 1024 * 1024
const PREVIEW_CHARS = 160

/** Compiling is linear in the pattern; only exec() can backtrack, so this is safe anywhere. */
export function buildMatcher(q: FindQuery): RegExp {
  if (!q.query) throw new ApiError('invalid_argument', 'Type something to search for')
  let source = q.regex ? q.query : q.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  if (q.wholeWord) source = `\\b(?:${source})\\b`
  try {
    return new RegExp(source, q.caseSensitive ? 'g' : 'gi')
  } catch (err) {
    throw new ApiError('invalid_argument', `Invalid regular expression: ${(err as Error).message}`)
  }
}

/** A window of the line around the match, so 500,000-character lines stay cheap to ship and show. */
export function previewOf(line: string, column: number, length: number): { preview: string; previewColumn: number } {
  if (line.length <= PREVIEW_CHARS) return { preview: line, previewColumn: column }
  const start = Math.max(0, column - 40)
  const end = Math.min(line.length, Math.max(start + PREVIEW_CHARS, column + length + 20))
  return { preview: (start > 0 ? '…' : '') + line.slice(start, end) + (end < line.length ? '…' : ''), previewColumn: column - start + (start > 0 ? 1 : 0) }
}

/** One match, `column` 0-based in UTF-16 units (what Monaco counts); the result is 1-based. */
export function matchAt(pathRel: string, lineNo: number, text: string, column: number, length: number): FindMatch {
  const { preview, previewColumn } = previewOf(text, column, length)
  return { path: pathRel, line: lineNo, column: column + 1, length, preview, previewColumn }
}

function matchesOfLine(pathRel: string, lineNo: number, text: string, matcher: RegExp, out: FindMatch[], max: number): void {
  matcher.lastIndex = 0
  let m: RegExpExecArray | null
  while (out.length < max && (m = matcher.exec(text))) {
    out.push(matchAt(pathRel, lineNo, text, m.index, m[0].length))
    if (m[0].length === 0) matcher.lastIndex++
  }
}

/** Minimal glob: `**` any folders, `*` within a segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*'
      i++
      if (glob[i + 1] === '/') i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`, 'i')
}

/**
 * Scan every project file (same rules as the rg path: skips Unity caches, binaries, files over
 * 8 MB, never follows symlinks). `onFile` gets each file's matches as soon as it is done, so a
 * scan cut short still leaves what it had found.
 */
export async function scanProject(root: string, q: FindQuery, max: number, onFile: (matches: FindMatch[]) => void): Promise<{ truncated: boolean }> {
  const matcher = buildMatcher(q)
  const { files } = await listProjectFiles(root, { includeMeta: true })
  const include = q.include ? globToRegExp(q.include) : null
  let count = 0
  for (const rel of files) {
    if (include && !include.test(rel) && !include.test(path.posix.basename(rel))) continue
    const abs = path.join(root, rel)
    // The read path: regular files only (a FIFO would block), size checked on the open file.
    const buf = await readRegularFile(abs, { maxBytes: MAX_FILE_BYTES, noFollow: true }).catch(() => null)
    if (!buf || buf.subarray(0, 8192).includes(0)) continue
    const found: FindMatch[] = []
    const lines = buf.toString('utf8').split(/\r?\n/)
    for (let i = 0; i < lines.length && count + found.length < max; i++) matchesOfLine(rel, i + 1, lines[i], matcher, found, max - count)
    if (found.length > 0) onFile(found)
    count += found.length
    if (count >= max) return { truncated: true }
  }
  return { truncated: false }
}
