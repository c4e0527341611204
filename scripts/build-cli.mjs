#!/usr/bin/env node
// Compiles the `slate` command (src-main/cli and the core it uses) to plain JavaScript in out/cli,
// so a `slate` run loads compiled code instead of compiling TypeScript through tsx on every start
// (~0.8 s before). Runs on install (`prepare`), in `npm run build`, and from bin/slate.mjs when a
// checkout's sources are newer than the build (see isStale below).
//
// One ES module bundle per entry with code splitting: each command is its own chunk, loaded only
// when that command runs, so `slate --version` reads a few kB. npm packages stay external (loaded
// from node_modules as usual: native modules such as sharp cannot be bundled). The worker threads
// the indexer and find-in-files start are entries of their own next to the bundle, where
// src-main/core/worker-script.ts looks for them.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const cliOutDir = path.join(root, 'out', 'cli')
const stampFile = 'inputs.json'

const entryPoints = {
  index: path.join(root, 'src-main/cli/index.ts'),
  'facts-worker': path.join(root, 'src-main/unity/index/facts-worker.ts'),
  'find-worker': path.join(root, 'src-main/files/find-worker.ts'),
  'scene-worker': path.join(root, 'src-main/unity/yaml/scene-worker.ts'),
  'symbol-worker': path.join(root, 'src-main/code/symbol-worker.ts'),
  'process-worker': path.join(root, 'src-main/assets/processing/process-worker.ts'), // asset processing pool
}

/**
 * Builds into a fresh folder, then moves each file into out/cli with a rename (atomic per file), the
 * stamp last: several `slate` processes started at once from a stale checkout (the tests do) may
 * all rebuild, and none of them sees a half-written file. Chunk names carry a content hash, so a
 * process that is still running keeps finding the chunks it was built with.
 */
export async function buildCli({ clean = false } = {}) {
  const esbuild = await import('esbuild')
  // Sources edited while the build runs must still count as newer than it.
  const startedAt = Date.now()
  fs.mkdirSync(path.join(root, 'out'), { recursive: true }) // a fresh clone has no out/ yet
  const staging = fs.mkdtempSync(path.join(root, 'out', '.cli-'))
  try {
    const result = await esbuild.build({
      entryPoints,
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: 'chunk-[hash]',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'warning',
      // The core's zod schemas and classes are referred to by name in error messages.
      keepNames: true,
    })
    const inputs = Object.keys(result.metafile.inputs).map((p) => path.relative(root, path.resolve(root, p)))
    if (clean) fs.rmSync(cliOutDir, { recursive: true, force: true })
    fs.mkdirSync(cliOutDir, { recursive: true })
    for (const name of fs.readdirSync(staging)) fs.renameSync(path.join(staging, name), path.join(cliOutDir, name))
    const stamp = { builtAt: startedAt, inputs }
    const tmp = path.join(cliOutDir, `.${stampFile}.${process.pid}`)
    fs.writeFileSync(tmp, JSON.stringify(stamp))
    fs.renameSync(tmp, path.join(cliOutDir, stampFile))
    return stamp
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/**
 * True when out/cli is missing or one of the source files it was built from changed since (or is
 * gone). A stat per input (~300 files): it runs on every start in a checkout, so it is kept lean —
 * string concatenation rather than path.join and no exception per missing file (path.join and
 * the try/catch made it ~2× slower in a fresh process, 20–40 ms under load).
 */
export function isStale(outDir = cliOutDir, base = root) {
  let stamp
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(outDir, stampFile), 'utf8'))
  } catch {
    return true
  }
  const prefix = base.endsWith(path.sep) ? base : base + path.sep
  for (const rel of stamp.inputs) {
    const st = fs.statSync(prefix + rel, { throwIfNoEntry: false })
    if (!st || st.mtimeMs > stamp.builtAt) return true
  }
  return false
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  const t = performance.now()
  fs.mkdirSync(path.join(root, 'out'), { recursive: true })
  const stamp = await buildCli({ clean: true })
  console.log(`slate: compiled the CLI to out/cli (${stamp.inputs.length} files, ${Math.round(performance.now() - t)} ms)`)
}
