import { spawn } from 'node:child_process'
import type { FindResult } from '../../src-shared/types-ui'
import { scanInWorker } from './find-node'
import { runRipgrep } from './find-rg'
import { buildMatcher, type FindQuery } from './find-scan'

export { globToRegExp, previewOf, type FindQuery } from './find-scan'

export interface FindOptions {
  /** The rg binary; null for the pure-Node scan; undefined to look for `rg` on the PATH. */
  rgPath?: string | null
  /** Time the pure-Node scan may take before it is stopped (tests pass a short one). */
  nodeBudgetMs?: number
  /** Cancels the search: the ripgrep process is killed, the worker thread terminated. */
  signal?: AbortSignal
}

/**
 * Find in files across the project. ripgrep when it is installed (it is what VS Code ships: fast,
 * skips binaries, linear-time regexes), otherwise a pure-Node scan with the same rules on a worker
 * thread with a time budget. Both run below the project root with cwd set to it, never follow
 * symlinks, and skip Unity's Library/Temp/… folders. No user regex ever runs on this thread.
 */
export async function findInFiles(root: string, q: FindQuery, opts: FindOptions = {}): Promise<FindResult> {
  const t0 = performance.now()
  const max = Math.min(q.maxResults ?? 2000, 20_000)
  // Compiled here only to reject an empty query or bad syntax early, the same way on both engines.
  buildMatcher(q)
  const rg = opts.rgPath === undefined ? await findRipgrep() : opts.rgPath
  const found = rg ? await runRipgrep(rg, root, q, max, opts.signal) : await scanInWorker(root, q, max, opts.nodeBudgetMs, opts.signal)
  return { ...found, engine: rg ? 'ripgrep' : 'node', ms: Math.round(performance.now() - t0) }
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
