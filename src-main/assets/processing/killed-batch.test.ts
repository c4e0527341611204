import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import sharp from 'sharp'
import { afterAll, expect, it } from 'vitest'
import { hostTag } from '../../core/temp-names'
import { repoRoot, unityFixture } from '../../testing/fixtures'
import { runBatch } from './batch'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-assets-kill-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

const project = unityFixture('2d-techdemos')
const out = path.join(tmp, 'out')
let killedPid = 0

it('a batch killed with SIGKILL after its first file leaves only whole outputs', async () => {
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
  killedPid = child.pid!
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

it("the next batch removes the killed batch's temp files, and only those", async () => {
  expect(killedPid).toBeGreaterThan(0)
  const host = hostTag()
  const sub = path.dirname(walk(out).find((f) => !path.basename(f).startsWith('.'))!)
  // What a kill mid-write leaves (the temp of the killed process), planted where it would be.
  const dead = [path.join(out, `.a.webp.${host}-${killedPid}-0123456789abcdef.slate.tmp`), path.join(sub, `.b.webp.${host}-${killedPid}-fedcba9876543210.slate.tmp`)]
  // What must stay: a live writer's temp (this process), another machine's fresh temp on a shared
  // folder, an owner-less temp of an older SLATE that is fresh, and a hidden file that is not SLATE's.
  const live = path.join(out, `.c.webp.${host}-${process.pid}-00112233445566ff.slate.tmp`)
  const otherHost = path.join(out, `.d.webp.${host === 'abcdef' ? '123456' : 'abcdef'}-${killedPid}-aabbccddeeff0011.slate.tmp`)
  const legacy = path.join(out, '.e.webp.0011223344556677.slate.tmp')
  const notOurs = path.join(out, '.f.webp.tmp')
  // A link out of the folder: the sweep must not follow it.
  const outside = path.join(tmp, 'outside')
  fs.mkdirSync(outside)
  const outsideTemp = path.join(outside, `.g.webp.${host}-${killedPid}-1111222233334444.slate.tmp`)
  for (const f of [...dead, live, otherHost, legacy, notOurs, outsideTemp]) fs.writeFileSync(f, 'half')
  fs.symlinkSync(outside, path.join(out, 'link-out'))
  const left = walk(out).filter((f) => /\.slate\.tmp$/.test(f) && ![live, otherHost, legacy].includes(f))
  const events: Array<{ phase: string; sweptTemps?: number }> = []
  const terrain = path.join(project, 'Assets/Tilemap/Tiles/Terrain Tile/Sprites')
  const first = fs.readdirSync(terrain).find((f) => f.endsWith('.png'))!
  const r = await runBatch({ project, sources: [path.join(terrain, first)], options: { format: 'webp', texture: { resize: 32 } }, outDir: out, concurrency: 1, onProgress: (p) => events.push(p) })
  expect(r.failed).toBe(0)
  for (const f of left) expect(fs.existsSync(f)).toBe(false)
  for (const f of [live, otherHost, legacy, notOurs, outsideTemp]) expect(fs.existsSync(f)).toBe(true)
  expect(events[0]).toMatchObject({ phase: 'started', sweptTemps: left.length })
})
