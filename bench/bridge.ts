/**
 * `npm run bench -- bridge`: what the Unity bridge's live link costs the game, measured under Mono
 * with the Unity stand-in against a real core (`slate link serve`). Baselines from the same run: a
 * log line nobody listens to, a frame that does nothing but advance.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
// @ts-expect-error plain ESM helper without type declarations
import { compileVersion, root } from '../test/bridge/compile.mjs'

export async function run(): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bridge-bench-'))
  try {
    const built = compileVersion('6000_0', out, { bench: true }) as { bench: string }
    const r = spawnSync('mono', [built.bench, root], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    process.stdout.write(r.stdout ?? '')
    if (r.status !== 0) throw new Error(`bridge bench exited ${r.status}`)
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
}
