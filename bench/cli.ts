/**
 * `npm run bench -- cli`: the `slate` command as a whole process, against the tools it is held to.
 *
 * - start-up: `slate --version` against a bare `node -e 0` (goal: within 2.5×), and the same
 *   command run from the TypeScript sources through tsx (SLATE_CLI_FROM_SOURCE=1: how every run
 *   started before the CLI was compiled);
 * - `slate index <project>` (a full index, `--no-cache`, and a reopen from the persisted cache)
 *   against `rg -o 'guid: [0-9a-f]{32}' Assets | wc -l` over the same files (goal: within 1.5×).
 *
 * Every figure is the best of several runs in this one process, measured as wall time around the
 * child process; files are in the page cache for both tools (each runs once first).
 * SLATE_BENCH_CLI_ASSETS sets the size of the generated project (default 10000).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { unityFixture } from '../src-main/testing/fixtures'
import { generated } from './index'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const slate = path.join(repo, 'bin', 'slate.mjs')

function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = performance.now()
  const r = spawnSync(cmd, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return ms
}

function best(n: number, f: () => number): number {
  f() // warm-up: page cache, compiled CLI up to date
  let min = Infinity
  for (let i = 0; i < n; i++) min = Math.min(min, f())
  return min
}

const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`

export async function run(): Promise<void> {
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).status === 0
  if (!rg) console.log('ripgrep (rg) is not installed: `apt-get install -y ripgrep` for the comparison.\n')

  const node = best(15, () => wall(process.execPath, ['-e', '0']))
  const version = best(15, () => wall(process.execPath, [slate, '--version']))
  const help = best(15, () => wall(process.execPath, [slate, '--help']))
  const source = best(5, () => wall(process.execPath, [slate, '--version'], { SLATE_CLI_FROM_SOURCE: '1' }))
  console.log(table(
    ['start-up', 'wall', '÷ node -e 0'],
    [
      ['node -e 0', fmt(node), '1.00×'],
      ['slate --version (compiled, out/cli)', fmt(version), ratio(version, node)],
      ['slate --help (compiled)', fmt(help), ratio(help, node)],
      ['slate --version from source through tsx (before)', fmt(source), ratio(source, node)],
    ],
  ))

  const assets = Number(process.env.SLATE_BENCH_CLI_ASSETS ?? 10_000)
  const projects: [string, string][] = [
    ['BoatAttack', unityFixture('BoatAttack')],
    ['2d-techdemos', unityFixture('2d-techdemos')],
    ['NavMeshComponents', unityFixture('NavMeshComponents')],
    [`generated-${assets}`, generated(assets).root],
  ]
  const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-cli-'))
  const rows: string[][] = []
  try {
    for (const [name, root] of projects) {
      const env = { SLATE_DATA_DIR: cacheHome }
      const full = best(5, () => wall(process.execPath, [slate, 'index', root, '--no-cache'], env))
      // The index's own time inside the process (its --json timings), apart from start-up and output.
      const inside = best(5, () => indexedInMs(root, env))
      const cached = best(5, () => wall(process.execPath, [slate, 'index', root], env))
      const grep = rg ? best(5, () => wall('sh', ['-c', `cd ${shellQuote(root)} && rg -o 'guid: [0-9a-f]{32}' Assets | wc -l`])) : NaN
      rows.push([name, fmt(full), fmt(inside), fmt(cached), rg ? fmt(grep) : '-', rg ? ratio(full, grep) : '-', rg ? ratio(cached, grep) : '-', fmt(node)])
    }
  } finally {
    fs.rmSync(cacheHome, { recursive: true, force: true })
  }
  console.log('')
  console.log(table(['slate index <project>, whole process', 'full (--no-cache)', '… of it indexing', 'from cache', "rg -o 'guid: …' Assets | wc -l", 'full ÷ rg', 'cache ÷ rg', 'node -e 0'], rows))
  console.log('\nBest of 5 wall times each, after one warm-up run; rg is the issue\'s command (.meta included, .gitignore respected).')
  console.log('"… of it indexing" is the index + summary inside the process (--json timings); the rest of "full" is Node, module loading and output.')
  console.log('A Node process alone costs the "node -e 0" column: on a small project that floor is larger than all of rg.')
}

function indexedInMs(root: string, env: NodeJS.ProcessEnv): number {
  const r = spawnSync(process.execPath, [slate, 'index', root, '--no-cache', '--json'], { cwd: repo, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`slate index ${root} --json failed (${r.status}): ${r.stderr}`)
  return (JSON.parse(r.stdout) as { timings: { totalMs: number } }).timings.totalMs
}

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows]
  const w = header.map((_, i) => Math.max(...all.map((r) => r[i].length)))
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`
  return [line(header), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

export default run
