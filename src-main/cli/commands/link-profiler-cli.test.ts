import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { fixturesDir, repoRoot } from '../../testing/fixtures'

const slate = path.join(repoRoot, 'bin', 'slate.mjs')
const project = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-link-cli-'))
fs.mkdirSync(path.join(project, 'ProjectSettings'))
afterAll(() => fs.rmSync(project, { recursive: true, force: true }))

describe('slate profiler import', () => {
  it('prints the import as JSON, and a clear error for a file it cannot read', () => {
    const file = path.join(fixturesDir, 'profiler', 'profile-analyzer_frameTime__acciohyun_FYP.csv')
    const out = spawnSync(process.execPath, [slate, 'profiler', 'import', file, '--json'], { encoding: 'utf8' })
    expect(out.status).toBe(0)
    const summary = JSON.parse(out.stdout)
    expect(summary.kind).toBe('profile-analyzer-frame-time')
    expect(summary.frames).toBe(fs.readFileSync(file, 'utf8').trim().split('\n').length - 1)
    const bad = spawnSync(process.execPath, [slate, 'profiler', 'import', path.join(project, 'ProjectSettings')], { encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/No such file/)
  })
})

describe('slate link serve --json (the bridge tests use it)', () => {
  it('prints url and token first, reports a client, and answers a command from stdin with its reply', async () => {
    const child = spawn(process.execPath, [slate, 'link', 'serve', project, '--json'], { stdio: ['pipe', 'pipe', 'inherit'] })
    const lines: Record<string, unknown>[] = []
    const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = []
    readline.createInterface({ input: child.stdout! }).on('line', (l) => {
      const m = JSON.parse(l) as Record<string, unknown>
      lines.push(m)
      for (const w of [...waiters]) {
        if (!w.pred(m)) continue
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    })
    const next = (pred: (m: Record<string, unknown>) => boolean) => new Promise<Record<string, unknown>>((r) => (lines.find(pred) ? r(lines.find(pred)!) : waiters.push({ pred, resolve: r })))
    try {
      const first = await next(() => true)
      expect(first.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link$/)
      expect(JSON.parse(fs.readFileSync(String(first.file), 'utf8')).token).toBe(first.token)
      const ws = new WebSocket(String(first.url))
      await new Promise((r) => ws.once('open', r))
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { t: string; id: number; name: string }
        if (m.t === 'cmd') ws.send(JSON.stringify({ t: 'reply', id: m.id, ok: true, result: { did: m.name } }))
      })
      ws.send(JSON.stringify({ t: 'hello', token: first.token, protocol: 1, resume: null, process: { kind: 'editor', unityVersion: '2021.3.1f1' } }))
      const connected = await next((m) => m.event === 'connected')
      expect((connected.session as { unityVersion: string }).unityVersion).toBe('2021.3.1f1')
      ws.send('garbage')
      await next((m) => m.event === 'bad')
      child.stdin!.write(JSON.stringify({ id: 7, name: 'play.enter', args: {} }) + '\n')
      const reply = await next((m) => m.event === 'reply' && m.id === 7)
      expect(reply).toMatchObject({ ok: true, result: { did: 'play.enter' } })
      child.stdin!.write(JSON.stringify({ id: 8, name: 'status' }) + '\n')
      const status = await next((m) => m.event === 'reply' && m.id === 8)
      expect((status.result as { sessions: { badMessages: number }[] }).sessions[0].badMessages).toBe(1)
      ws.close()
    } finally {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await gone
    }
    // stopped: the discovery file it wrote is gone
    expect(fs.existsSync(path.join(project, 'Library', 'SlateLink.json'))).toBe(false)
  })
})
