#!/usr/bin/env node
// The `slate` command. It runs the compiled core in out/cli (built on install by `prepare`, and by
// `npm run build`): compiling the TypeScript through tsx on every start cost ~0.8 s.
// In a checkout whose sources changed since that build, it rebuilds out/cli first (esbuild, well
// under a second); only when that cannot be done does it run the sources through tsx, and says so.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const compiled = path.join(root, 'out', 'cli', 'index.js')
const checkout = fs.existsSync(path.join(root, 'src-main', 'cli', 'index.ts'))

async function fromSource() {
  const { register } = await import('tsx/esm/api')
  register()
  return import('../src-main/cli/index.ts')
}

async function loadMain() {
  if (!checkout) return import(pathToFileURL(compiled).href)
  // For debugging the sources themselves (and the CLI bench's "before" figure).
  if (process.env.SLATE_CLI_FROM_SOURCE === '1') return fromSource()
  const { isStale, buildCli } = await import('../scripts/build-cli.mjs')
  if (isStale()) {
    try {
      await buildCli()
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
      process.stderr.write(`slate: note: could not compile the CLI to out/cli (${why}); running the TypeScript sources through tsx, which starts slower.\n`)
      return fromSource()
    }
  }
  return import(pathToFileURL(compiled).href)
}

const { main } = await loadMain()
const code = await main(process.argv.slice(2))
// Commands that keep running (serve, worker) return only when they are done.
process.exitCode = code
