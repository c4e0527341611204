import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import path from 'node:path'
import readline from 'node:readline'
import { ApiError } from '../../src-shared/contract-kit'
import type { FindMatch, FindResult } from '../../src-shared/types-ui'
import { listProjectFiles } from './file-list'
import { rgIgnoreGlobs } from './ignore'

export interface FindQuery {
  query: string
  regex?: boolean
  caseSensitive?: boolean
  wholeWord?: boolean
  /** A glob such as `*.cs` or `Assets/Scripts/**`; empty for everything. */
  include?: string
  maxResults?: number
}

const PREVIEW_CHARS = 160
const MAX_FILE_BYTES = 8 * 1024 * 1024

/**
 * Find in files across the project. ripgrep when it is installed (it is what VS Code ships: fast,
 * skips binaries), otherwise a pure-Node scan with the same rules. Both run below the project root
 * with cwd set to it, never follow symlinks, and skip Unity's Library/Temp/… folders.
 */
export async function findInFiles(root: string, q: FindQuery, opts: { rgPath?: string | null } = {}): Promise<FindResult> {
  const t0 = performance.now()
  const max = Math.min(q.maxResults ?? 2000, 20_000)
  const matcher = buildMatcher(q)
  const rg = opts.rgPath === undefined ? await findRipgrep() : opts.rgPath
  const found = rg ? await runRipgrep(rg, root, q, max, matcher) : await scanInNode(root, q, max, matcher)
  return { ...found, engine: rg ? 'ripgrep' : 'node', ms: Math.round(performance.now() - t0) }
}

function buildMatcher(q: FindQuery): RegExp {
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

function matchesOfLine(pathRel: string, lineNo: number, text: string, matcher: RegExp, out: FindMatch[], max: number): void {
  matcher.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = matcher.exec(text)) && out.length < max) {
    const { preview, previewColumn } = previewOf(text, m.index, m[0].length)
    out.push({ path: pathRel, line: lineNo, column: m.index + 1, length: m[0].length, preview, previewColumn })
    if (m[0].length === 0) matcher.lastIndex++
  }
}

let ripgrepPath: Promise<string | null> | null = null
export function findRipgrep(): Promise<string | null> {
  ripgrepPath ??= new Promise((resolve) => {
    const child = spawn('rg', ['--version'], { stdio: 'ignore' })
    child.once('error', () => resolve(null))
    child.once('exit', (code) => resolve(code === 0 ? 'rg' : null))
  })
  return ripgrepPath
}

async function runRipgrep(rg: string, root: string, q: FindQuery, max: number, matcher: RegExp): Promise<Omit<FindResult, 'engine' | 'ms'>> {
  const args = ['--json', '--no-ignore', '--no-config', '--max-filesize', `${MAX_FILE_BYTES}`, ...rgIgnoreGlobs()]
  if (!q.caseSensitive) args.push('--ignore-case')
  if (!q.regex) args.push('--fixed-strings')
  if (q.wholeWord) args.push('--word-regexp')
  if (q.include) args.push('--glob', q.include)
  args.push('--regexp', q.query, '--', '.')
  const child = spawn(rg, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  const matches: FindMatch[] = []
  const files = new Set<string>()
  let truncated = false
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += String(d)).length > 4000 && (stderr = stderr.slice(-4000)))
  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity })
  for await (const raw of lines) {
    if (!raw.startsWith('{"type":"match"')) continue
    const msg = JSON.parse(raw) as { data: { path: { text?: string }; lines: { text?: string }; line_number: number } }
    const rel = (msg.data.path.text ?? '').replace(/^\.\//, '').replace(/\\/g, '/')
    const text = (msg.data.lines.text ?? '').replace(/\r?\n$/, '')
    files.add(rel)
    // rg finds the lines; our own matcher gives columns in UTF-16 units, which is what Monaco uses.
    matchesOfLine(rel, msg.data.line_number, text, matcher, matches, max)
    if (matches.length >= max) {
      truncated = true
      child.kill()
      break
    }
  }
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)))
  // rg exits 1 for "no match" and 2 for partial errors (an unreadable file): both still gave results.
  if (!truncated && code !== 0 && code !== 1 && matches.length === 0 && stderr) throw new ApiError('internal', `ripgrep failed: ${stderr.trim().split('\n')[0]}`)
  return { matches, files: files.size, truncated }
}

async function scanInNode(root: string, q: FindQuery, max: number, matcher: RegExp): Promise<Omit<FindResult, 'engine' | 'ms'>> {
  const { files } = await listProjectFiles(root, { includeMeta: true })
  const include = q.include ? globToRegExp(q.include) : null
  const matches: FindMatch[] = []
  const hitFiles = new Set<string>()
  for (const rel of files) {
    if (include && !include.test(rel) && !include.test(path.posix.basename(rel))) continue
    const abs = path.join(root, rel)
    const st = await fs.stat(abs).catch(() => null)
    if (!st || st.size > MAX_FILE_BYTES) continue
    const buf = await fs.readFile(abs).catch(() => null)
    if (!buf || buf.subarray(0, 8192).includes(0)) continue
    const before = matches.length
    const lines = buf.toString('utf8').split(/\r?\n/)
    for (let i = 0; i < lines.length && matches.length < max; i++) matchesOfLine(rel, i + 1, lines[i], matcher, matches, max)
    if (matches.length > before) hitFiles.add(rel)
    if (matches.length >= max) return { matches, files: hitFiles.size, truncated: true }
  }
  return { matches, files: hitFiles.size, truncated: false }
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
