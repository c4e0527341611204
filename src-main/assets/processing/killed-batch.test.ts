import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import sharp from 'sharp'
import { afterAll, expect, it } from 'vitest'
import { repoRoot, unityFixture } from '../../testing/fixtures'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-assets-kill-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

it('a batch killed with SIGKILL after its first file leaves only whole outputs', async () => {
  const project = unityFixture('2d-techdemos')
  const out = path.join(tmp, 'out')
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), 'assets', 'process', project, 'Assets/Tilemap', '--format', 'webp', '--resize', '256', '--out', out, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  let total = 0
  const finished: string[] = []
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => reject(new Error('the batch ended before it could be killed')))
    lines.on('line', (line) => {
      const ev = JSON.parse(line) as { event: string; total?: number; ok?: boolean; outputs?: Array<{ path: string }> }
      if (ev.event === 'started') total = ev.total!
      if (ev.event === 'file' && ev.ok) {
        finished.push(...ev.outputs!.map((o) => o.path))
        child.kill('SIGKILL')
        resolve()
      }
    })
  })
  await new Promise((r) => child.once('exit', r))
  expect(total).toBeGreaterThan(2)
  const visible = walk(out).filter((f) => !path.basename(f).startsWith('.'))
  expect(visible.length).toBeLessThan(total)
  for (const f of finished) expect(visible).toContain(f)
  // Every output that exists decodes completely: none is half-written.
  for (const f of visible) {
    const m = await sharp(f, { failOn: 'truncated' }).stats()
    expect(m.channels.length).toBeGreaterThan(0)
  }
  // Temp files (hidden, *.slate.tmp) are the only other thing a kill can leave.
  for (const f of walk(out).filter((x) => path.basename(x).startsWith('.'))) expect(f).toMatch(/\.slate\.tmp$/)
})
