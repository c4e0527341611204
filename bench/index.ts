/**
 * `npm run bench -- index`: the Unity indexer against ripgrep on the same bytes.
 *
 * For each fixture and a generated 100,000-asset project, in a fresh process each time: wall time
 * of the full index, MB/s of text scanned, peak RSS, and the time `rg -o 'guid: [0-9a-f]{32}'`
 * takes over the same files (Assets/, .meta excluded) with the ratio. Then the cache reopen of
 * BoatAttack and the incremental update time. Files are in the page cache for both tools (each is
 * run once to warm up first): this compares scanning, not the disk.
 *
 * SLATE_BENCH_ASSETS overrides the generated project's size (default 100000).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unityFixture } from '../src-main/testing/fixtures'
import { generateProject, type GeneratedProject } from './gen-project'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..')
const child = path.join(here, '_index-child.ts')

interface ChildIndex {
  openMs: number
  totalMs: number
  bytesRead: number
  yamlBytes: number
  filesRead: number
  cacheUsed: boolean
  reread: number
  rssMb: number
  figures: Record<string, number>
}

function runChild<T>(args: string[]): { result: T; wallMs: number } {
  const t = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', child, ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const wallMs = performance.now() - t
  if (r.status !== 0) throw new Error(`bench child failed (${r.status}): ${r.stderr}`)
  return { result: JSON.parse(r.stdout.trim().split('\n').pop()!) as T, wallMs }
}

/**
 * `rg -o 'guid: [0-9a-f]{32}'` over Assets/. Without .meta files it counts exactly the issue's
 * `references.occurrences`; with them it reads the same files the indexer reads (the indexer also
 * reads every .meta for its GUID), which is the like-for-like time.
 *
 * rg's output (57 MB at 100k assets) goes to `wc -l`, not into this process: collecting it through
 * spawnSync made rg wait on Node and added up to 1.5 s to its time, flattering the ratio. Not to
 * /dev/null either: rg detects that and stops at the first match.
 */
function ripgrep(root: string, opts: { threads?: number; withMeta?: boolean } = {}): { ms: number; matches: number } | null {
  const args = ['-o', '--no-ignore', '--hidden', ...(opts.withMeta ? [] : ['-g', "'!*.meta'"]), ...(opts.threads ? ['-j', String(opts.threads)] : []), "'guid: [0-9a-f]{32}'", shellQuote(path.join(root, 'Assets'))]
  const t = performance.now()
  const r = spawnSync('sh', ['-c', `command -v rg >/dev/null || exit 127; rg ${args.join(' ')} | wc -l`], { encoding: 'utf8' })
  const ms = performance.now() - t
  if (r.error || r.status !== 0) return null
  return { ms, matches: Number(r.stdout.trim()) }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`
}

function best<T extends { ms: number }>(runs: (() => T | null)[]): T | null {
  let out: T | null = null
  for (const run of runs) {
    const r = run()
    if (r && (!out || r.ms < out.ms)) out = r
  }
  return out
}

export function generated(assets: number): { root: string; gen: GeneratedProject } {
  const root = path.join(os.tmpdir(), `slate-bench-unity-${assets}`)
  const marker = path.join(root, '.slate-generated.json')
  if (fs.existsSync(marker)) return { root, gen: JSON.parse(fs.readFileSync(marker, 'utf8')) as GeneratedProject }
  fs.rmSync(root, { recursive: true, force: true })
  const t = performance.now()
  process.stdout.write(`generating a ${assets}-asset project in ${root}… `)
  const gen = generateProject(root, { assets })
  fs.writeFileSync(marker, JSON.stringify(gen))
  process.stdout.write(`${((performance.now() - t) / 1000).toFixed(1)} s, ${(gen.bytes / 1e6).toFixed(0)} MB in ${gen.files} files\n`)
  return { root, gen }
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)

export async function run(): Promise<void> {
  const assets = Number(process.env.SLATE_BENCH_ASSETS ?? 100_000)
  const big = generated(assets)
  const projects: [string, string][] = [
    ['BoatAttack', unityFixture('BoatAttack')],
    ['2d-techdemos', unityFixture('2d-techdemos')],
    ['NavMeshComponents', unityFixture('NavMeshComponents')],
    [`generated-${assets}`, big.root],
  ]
  const rgAvailable = ripgrep(unityFixture('NavMeshComponents')) !== null
  if (!rgAvailable) console.log('ripgrep (rg) is not installed: `apt-get install -y ripgrep` for the comparison.\n')
  const rows: string[][] = []
  for (const [name, root] of projects) {
    ripgrep(root, { withMeta: true }) // warm the page cache for both tools
    const index = best([1, 2, 3].map(() => () => {
      const r = runChild<ChildIndex>(['index', root])
      return { ...r.result, ms: r.result.totalMs, wallMs: r.wallMs }
    }))!
    const rg = rgAvailable ? best([1, 2, 3].map(() => () => ripgrep(root))) : null
    const rgAll = rgAvailable ? best([1, 2, 3].map(() => () => ripgrep(root, { withMeta: true }))) : null
    const rgAll1 = rgAvailable ? best([1, 2, 3].map(() => () => ripgrep(root, { withMeta: true, threads: 1 }))) : null
    if (rg && rg.matches !== index.figures.occurrences) console.log(`!! ${name}: rg found ${rg.matches} occurrences, the index ${index.figures.occurrences}`)
    if (name.startsWith('generated') && index.figures.occurrences !== big.gen.occurrences) console.log(`!! generated: expected ${big.gen.occurrences} occurrences, got ${index.figures.occurrences}`)
    const ratio = (r: { ms: number } | null) => (r ? `${(index.totalMs / r.ms).toFixed(2)}×` : '-')
    rows.push([
      name,
      String(index.figures.assets),
      `${(index.bytesRead / 1e6).toFixed(1)} MB`,
      fmt(index.totalMs),
      fmt(index.wallMs),
      `${(index.bytesRead / 1e6 / (index.totalMs / 1000)).toFixed(0)} MB/s`,
      `${(index.yamlBytes / 1e6 / (index.totalMs / 1000)).toFixed(0)} MB/s`,
      `${index.rssMb} MB`,
      rgAll ? fmt(rgAll.ms) : '-',
      rgAll1 ? fmt(rgAll1.ms) : '-',
      rg ? fmt(rg.ms) : '-',
      ratio(rgAll),
      ratio(rgAll1),
      ratio(rg),
    ])
  }
  console.log(table(['project', 'assets', 'read', 'index', 'process wall', 'read rate', 'YAML rate', 'peak RSS', 'rg (same files)', 'rg -j1 (same)', 'rg (no .meta)', 'index/rg', 'index/rg -j1', 'index/rg no-meta'], rows))
  console.log('\nindex = in-process time of the full index + summary (fresh process); process wall adds Node + tsx start-up.')
  console.log('read rate = all bytes read (.meta, YAML, other text) per second of index; YAML rate = Unity YAML bytes alone over the same time.')
  console.log('rg (same files) reads what the indexer reads, .meta files included; rg (no .meta) is the references.occurrences count alone.')

  // Cache reopen: first run writes the cache, the following ones read it.
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-cache-'))
  try {
    console.log('\ncache reopen, nothing changed (slate index: stat walk + cached facts; the app: cached index at once, stat walk in the background):')
    for (const [name, root] of [projects[0], projects[3]]) {
      runChild<ChildIndex>(['index', root, cacheDir])
      const reopen = best([1, 2, 3].map(() => () => {
        const r = runChild<ChildIndex>(['index', root, cacheDir]).result
        return { ...r, ms: r.openMs }
      }))!
      console.log(`  ${name}: ${fmt(reopen.openMs)} to open (${reopen.cacheUsed ? 'from cache' : 'NO CACHE'}, ${reopen.reread} files re-read), ${fmt(reopen.totalMs)} with the summary, peak RSS ${reopen.rssMb} MB`)
      const app = best([1, 2, 3].map(() => () => {
        const r = runChild<{ openMs: number; summaryMs: number; revalidateMs: number; changed: number; rssMb: number }>(['cached', root, cacheDir]).result
        return { ...r, ms: r.openMs }
      }))!
      console.log(`  ${name} (app: cached index first, disk check after): ${fmt(app.openMs)} to answer, ${fmt(app.summaryMs)} with the summary, background check ${fmt(app.revalidateMs)} (${app.changed} changed)`)
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true })
  }

  const inc = runChild<{ applyMedianMs: number; applyMaxMs: number; eventMedianMs: number; eventMaxMs: number }>(['incremental', big.root]).result
  console.log(`\nincremental update on the ${assets}-asset project (one prefab edited):`)
  console.log(`  index update ${inc.applyMedianMs.toFixed(2)} ms median, ${inc.applyMaxMs.toFixed(2)} ms max`)
  console.log(`  file write → watcher → index updated: ${inc.eventMedianMs.toFixed(1)} ms median, ${inc.eventMaxMs.toFixed(1)} ms max`)
}

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows]
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`
  return [line(header), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

export default run
