/**
 * `npm run bench -- <name…>` runs bench/<name>.ts (each exports `run()`), or all of them.
 * Benchmarks print figures and compare against a baseline measured in the same run; nothing here
 * is a pass/fail threshold.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const available = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts'].includes(f) && !f.startsWith('_') && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => {
    const text = fs.readFileSync(path.join(here, `${name}.ts`), 'utf8')
    return /export (default )?async function run\b/.test(text)
  })

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const names = requested.length ? requested : available
for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: unknown benchmark "${name}". Available: ${available.join(', ')}`)
    process.exit(2)
  }
}
for (const name of names) {
  console.log(`\n### bench: ${name}\n`)
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { run?: () => Promise<void>; default?: () => Promise<void> }
  const run = mod.run ?? mod.default
  await run!()
}
process.exit(0)
