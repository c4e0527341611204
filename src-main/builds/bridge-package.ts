import { existsSync } from 'node:fs'
import { ApiError } from '../../src-shared/api-error'
import { readConfined, writeFileConfined } from '../core/confined-fs'
import path from 'node:path'
import type { BridgeManifestDiff } from '../../src-shared/types-builds'
import { fileURLToPath } from 'node:url'

export const BRIDGE_PACKAGE = 'com.slate.bridge'
const MANIFEST_FILE = 'Packages/manifest.json'

/** resources/unity-package of this SLATE install (source layout and built layout share the root). */
export function bridgePackageDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // src-main/builds in a checkout, out/main when built: the package root is two or one level up.
  for (const up of ['../..', '..']) {
    const dir = path.resolve(here, up, 'resources', 'unity-package')
    if (existsSync(path.join(dir, 'package.json'))) return dir
  }
  return path.resolve(here, '../..', 'resources', 'unity-package')
}

/**
 * Unity resolves `file:` dependencies relative to the project's Packages folder. A relative path
 * keeps the manifest portable when SLATE and the project sit side by side (a checkout); otherwise
 * the absolute path, with forward slashes (Unity accepts them on Windows too).
 */
export function bridgeReference(projectRoot: string, packageDir = bridgePackageDir()): string {
  const rel = path.relative(path.join(projectRoot, 'Packages'), packageDir).split(path.sep).join('/')
  const useRel = !path.isAbsolute(rel) && rel.split('/').filter((p) => p === '..').length <= 3
  return `file:${useRel ? rel : packageDir.split(path.sep).join('/')}`
}

/**
 * Preview (apply=false) or apply adding/removing the bridge in `Packages/manifest.json`. The change
 * is made on the parsed JSON and written back with Unity's own formatting (2 spaces), so the diff
 * shows exactly one dependency line. `expectedBefore` guards against a manifest edited between the
 * preview the user confirmed and the apply.
 */
export async function changeBridge(
  projectRoot: string,
  action: 'install' | 'remove',
  opts: { apply: boolean; expectedBefore?: string; packageDir?: string },
): Promise<BridgeManifestDiff> {
  const manifestPath = path.join(projectRoot, 'Packages', 'manifest.json')
  let before: string
  try {
    // Through the read path: a regular file inside the project, never through a link out of it.
    before = (await readConfined(projectRoot, MANIFEST_FILE)).toString('utf8')
  } catch (err) {
    if (err instanceof ApiError && err.code !== 'not_found') throw err
    throw new Error(`${manifestPath} does not exist: this project predates the Package Manager (Unity 2018.1), so the bridge cannot be added as a package.`)
  }
  const manifest = JSON.parse(before) as { dependencies?: Record<string, string> }
  const deps = { ...(manifest.dependencies ?? {}) }
  if (action === 'install') deps[BRIDGE_PACKAGE] = bridgeReference(projectRoot, opts.packageDir)
  else delete deps[BRIDGE_PACKAGE]
  const after = `${JSON.stringify({ ...manifest, dependencies: deps }, null, 2)}\n`
  const installed = action === 'install'
  const result: BridgeManifestDiff = { manifestPath, installed, before, after, diff: unifiedDiff('Packages/manifest.json', before, after) }
  if (!opts.apply) return result
  if (opts.expectedBefore !== undefined && opts.expectedBefore !== before) {
    throw new Error('Packages/manifest.json changed since the preview; review the new diff and try again.')
  }
  if (before !== after) {
    await writeFileConfined(projectRoot, MANIFEST_FILE, after)
  }
  return result
}

type DiffOp = { t: ' ' | '-' | '+'; line: string; ai: number; bi: number }

/** Above this many cells the middle of a diff is not aligned line by line (memory and time stay bounded). */
const MAX_LCS_CELLS = 1_000_000

/**
 * The edit script from `x` to `y`: common leading and trailing lines are matched in one linear
 * pass (a manifest edit changes a line or two of thousands), and only the differing middle is
 * aligned by LCS, and only when it is small. A huge differing middle is shown as removed then
 * added: still a correct diff, never O(n·m) memory (a 24,000-line manifest ran out of heap).
 */
function diffOps(x: string[], y: string[]): DiffOp[] {
  const ops: DiffOp[] = []
  let head = 0
  while (head < x.length && head < y.length && x[head] === y[head]) head++
  let tail = 0
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++
  for (let k = 0; k < head; k++) ops.push({ t: ' ', line: x[k], ai: k, bi: k })
  const n = x.length - head - tail
  const m = y.length - head - tail
  if (n * m <= MAX_LCS_CELLS) ops.push(...alignMiddle(x, y, head, n, m))
  else {
    for (let k = 0; k < n; k++) ops.push({ t: '-', line: x[head + k], ai: head + k, bi: head })
    for (let k = 0; k < m; k++) ops.push({ t: '+', line: y[head + k], ai: head + n, bi: head + k })
  }
  for (let k = 0; k < tail; k++) ops.push({ t: ' ', line: x[head + n + k], ai: head + n + k, bi: head + m + k })
  return ops
}

function alignMiddle(x: string[], y: string[], off: number, n: number, m: number): DiffOp[] {
  const w = m + 1
  const lcs = new Uint32Array((n + 1) * w)
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = x[off + i] === y[off + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
    }
  }
  const ops: DiffOp[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && x[off + i] === y[off + j]) ops.push({ t: ' ', line: x[off + i], ai: off + i++, bi: off + j++ })
    // Deletions before insertions, as diff(1) prints them.
    else if (i < n && (j >= m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) ops.push({ t: '-', line: x[off + i], ai: off + i++, bi: off + j })
    else ops.push({ t: '+', line: y[off + j], ai: off + i, bi: off + j++ })
  }
  return ops
}

/** A unified diff (one hunk per change region, 2 lines of context). */
export function unifiedDiff(name: string, a: string, b: string, context = 2): string {
  const ops = diffOps(a.split('\n'), b.split('\n'))
  const out = [`--- a/${name}`, `+++ b/${name}`]
  for (let k = 0; k < ops.length; ) {
    if (ops[k].t === ' ') {
      k++
      continue
    }
    let start = Math.max(0, k - context)
    let end = k
    while (end < ops.length) {
      if (ops[end].t !== ' ') {
        end++
        continue
      }
      let run = 0
      while (end + run < ops.length && ops[end + run].t === ' ') run++
      if (end + run >= ops.length || run > context * 2) break
      end += run
    }
    const stop = Math.min(ops.length, end + context)
    const hunk = ops.slice(start, stop)
    const aLen = hunk.filter((o) => o.t !== '+').length
    const bLen = hunk.filter((o) => o.t !== '-').length
    out.push(`@@ -${hunk[0].ai + 1},${aLen} +${hunk[0].bi + 1},${bLen} @@`, ...hunk.map((o) => `${o.t}${o.line}`))
    k = stop
    start = stop
  }
  return out.join('\n')
}
