import { existsSync } from 'node:fs'
import { ApiError } from '../../src-shared/api-error'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { BridgeManifestDiff } from '../../src-shared/types-builds'
import { fileURLToPath } from 'node:url'
import { copyDirConfined, readConfined, removeConfined, writeFileConfined } from '../core/confined-fs'

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

/** Where the bridge lives in a project: an embedded package, so the manifest names nothing of this machine. */
export const BRIDGE_EMBED_DIR = `Packages/${BRIDGE_PACKAGE}`

export interface BridgeState {
  /** `embedded`: Packages/com.slate.bridge; `reference`: a manifest `file:` entry (older SLATE, not portable). */
  state: 'embedded' | 'reference' | 'none'
  installedVersion: string | null
  bundledVersion: string
  /** SLATE carries a newer bridge than the project's: offer to update it. */
  updateAvailable: boolean
  /** The manifest's entry, when there is one (a machine's path that teammates and CI cannot resolve). */
  manifestReference: string | null
}

function versionOf(packageJson: string): string | null {
  try {
    const v = (JSON.parse(packageJson) as { version?: unknown }).version
    return typeof v === 'string' ? v : null
  } catch {
    return null
  }
}

/** `1.10.0` > `1.9.3`: semver's numeric parts, pre-release tags ignored. */
export function newerVersion(a: string, b: string | null): boolean {
  if (!b) return true
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0)
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0)
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0)
  return false
}

export async function bridgeState(projectRoot: string, packageDir = bridgePackageDir()): Promise<BridgeState> {
  const bundledVersion = versionOf(await fs.readFile(path.join(packageDir, 'package.json'), 'utf8')) ?? '0.0.0'
  const embedded = await readConfined(projectRoot, `${BRIDGE_EMBED_DIR}/package.json`).then((b) => b.toString('utf8'), () => null)
  let manifestReference: string | null = null
  try {
    const m = JSON.parse((await readConfined(projectRoot, MANIFEST_FILE)).toString('utf8')) as { dependencies?: Record<string, unknown> }
    const ref = m.dependencies?.[BRIDGE_PACKAGE]
    if (typeof ref === 'string') manifestReference = ref
  } catch {
    /* no manifest (pre-2018.1 project) or a broken one: reported where it is edited */
  }
  const installedVersion = embedded !== null ? versionOf(embedded) : null
  const state = embedded !== null ? 'embedded' : manifestReference ? 'reference' : 'none'
  return { state, installedVersion, bundledVersion, updateAvailable: state !== 'none' && (state === 'reference' || newerVersion(bundledVersion, installedVersion)), manifestReference }
}

async function listFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = []
  for (const e of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name
    if (e.isDirectory()) out.push(...(await listFiles(dir, r)))
    else if (e.isFile()) out.push(r)
  }
  return out.sort()
}

/**
 * Preview (apply=false) or apply installing/updating or removing the bridge. Install copies the
 * package into `Packages/com.slate.bridge` (Unity loads an embedded package without a manifest
 * entry, and the files travel with the project through version control); a `file:` entry an
 * older SLATE wrote into the manifest is removed, since it names this machine's folders. The
 * preview lists every file and the manifest diff; `expectedBefore` guards the manifest between
 * the preview the user confirmed and the apply. Every write goes through the confined write path.
 */
export async function changeBridge(
  projectRoot: string,
  action: 'install' | 'remove',
  opts: { apply: boolean; expectedBefore?: string; packageDir?: string },
): Promise<BridgeManifestDiff> {
  const packageDir = opts.packageDir ?? bridgePackageDir()
  const manifestPath = path.join(projectRoot, 'Packages', 'manifest.json')
  let before: string
  try {
    // Through the read path: a regular file inside the project, never through a link out of it.
    before = (await readConfined(projectRoot, MANIFEST_FILE)).toString('utf8')
  } catch (err) {
    if (err instanceof ApiError && err.code !== 'not_found') throw err
    throw new Error(`${manifestPath} does not exist: this project predates the Package Manager (Unity 2018.1), so the bridge cannot be added as a package.`)
  }
  let manifest: { dependencies?: Record<string, string> }
  try {
    manifest = JSON.parse(before) as typeof manifest
  } catch (err) {
    throw new Error(`Packages/manifest.json is not valid JSON (${(err as Error).message}): fix it in a text editor first; SLATE does not rewrite a manifest it cannot read.`)
  }
  const hadEntry = !!manifest.dependencies && BRIDGE_PACKAGE in manifest.dependencies
  let after = before
  if (hadEntry) {
    const deps = { ...manifest.dependencies }
    delete deps[BRIDGE_PACKAGE]
    after = `${JSON.stringify({ ...manifest, dependencies: deps }, null, 2)}\n`
  }
  const state = await bridgeState(projectRoot, packageDir)
  const files = action === 'install' ? await listFiles(packageDir) : state.state === 'embedded' ? await listFiles(path.join(projectRoot, BRIDGE_EMBED_DIR)) : []
  const sign = action === 'install' ? '+' : '-'
  const what =
    action === 'install'
      ? state.state === 'embedded'
        ? `Update ${BRIDGE_EMBED_DIR} from ${state.installedVersion ?? '?'} to ${state.bundledVersion}`
        : `Add ${BRIDGE_EMBED_DIR} ${state.bundledVersion} (an embedded package: nothing of this machine in the manifest)`
      : `Remove ${BRIDGE_EMBED_DIR}`
  const diff = [
    `# ${what}`,
    ...files.map((f) => `${sign} ${BRIDGE_EMBED_DIR}/${f}`),
    ...(before !== after ? ['', unifiedDiff('Packages/manifest.json', before, after)] : []),
  ].join('\n')
  const result: BridgeManifestDiff = {
    manifestPath,
    installed: action === 'install',
    before,
    after,
    diff,
    current: state.state,
    installedVersion: state.installedVersion,
    bundledVersion: state.bundledVersion,
    updateAvailable: state.updateAvailable,
  }
  if (!opts.apply) return result
  if (opts.expectedBefore !== undefined && opts.expectedBefore !== before) {
    throw new Error('Packages/manifest.json changed since the preview; review the new diff and try again.')
  }
  // The old copy goes first so a file dropped from a newer bridge does not linger.
  await removeConfined(projectRoot, BRIDGE_EMBED_DIR)
  if (action === 'install') await copyDirConfined(projectRoot, BRIDGE_EMBED_DIR, packageDir)
  if (before !== after) await writeFileConfined(projectRoot, MANIFEST_FILE, after)
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
