/**
 * `npm run bench -- profiler`: the live link's stream into the Profiler view, in Chromium through
 * `slate serve`:
 *
 * - 4 Unity processes at once (link clients in this process that speak the protocol like the
 *   bridge: 100 counters, 60 frames a second each, batched every 100 ms as the bridge does;
 *   frame times from the fixture capture);
 * - emit→chart latency p50/p99: from the moment a batch is sent to the link to the first Profiler
 *   repaint that includes its last frame (the page notes each repaint in window.__slateProfiler);
 * - the renderer's frame rate while streaming (requestAnimationFrame count in the page);
 * - memory for 1 h of frames of one process: the core's frame ring, and the renderer's buffer;
 * - the floor, in the same run: the same batches sent by a bare WebSocket server straight to a
 *   blank Chromium page that notes the next animation frame (no SLATE in between).
 * Figures are printed; nothing fails on a threshold.
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium } from 'playwright-core'
import WebSocket, { WebSocketServer } from 'ws'
import { copyFixtureProject } from '../e2e/support/project-copy'
import { fixturesDir, startServe } from '../e2e/support/serve'
import { FrameRing } from '../src-main/link/frame-ring'
import { SessionFrames } from '../src-renderer/profiler/frame-buffer'

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
const PROCESSES = 4
const COUNTERS = 100
const HZ = 60
const BATCH_MS = 100
const STREAM_S = Number(process.env.SLATE_BENCH_PROFILER_SECONDS ?? 20)
const now = () => performance.timeOrigin + performance.now()

const frameTimes = fs
  .readFileSync(path.join(fixturesDir, 'profiler', 'profile-analyzer_frameTime__acciohyun_FYP.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((r) => Number(r.split(',')[2]))
  .filter((x) => x > 0)

const NAMES = ['CPU Total Frame Time', 'CPU Main Thread Frame Time', 'CPU Render Thread Frame Time', 'GPU Frame Time', 'Batches Count', 'Draw Calls Count', 'SetPass Calls Count', 'Triangles Count', 'Vertices Count', 'Total Used Memory', 'GC Used Memory', 'GC Allocated In Frame']
const counters = Array.from({ length: COUNTERS }, (_, id) => ({ id, name: NAMES[id] ?? `Custom Counter ${id}`, category: id < 4 ? 'Internal' : 'Scripts', unit: id < 4 ? 'ms' : /Memory|Alloc/.test(NAMES[id] ?? '') ? 'bytes' : 'count' }))
function frame(i: number): { i: number; v: number[] } {
  const ft = frameTimes[i % frameTimes.length]
  return { i, v: counters.map((c, k) => (k === 0 ? ft : k === 1 ? ft * 0.9 : k === 2 ? ft * 0.5 : k === 3 ? ft * 0.45 : c.unit === 'bytes' ? 1e8 + i : (i + k) % 500)) }
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  return { n: s.length, p50: q(0.5), p99: q(0.99), max: s[s.length - 1] }
}
const ms = (x: number) => `${x.toFixed(1)} ms`

interface Sent {
  session: string
  last: number
  at: number
}

/** One link client: hello, counters, then frames at HZ sent in batches. */
async function emitter(url: string, token: string, n: number, sent: Sent[], stopAt: () => boolean): Promise<string> {
  const ws = new WebSocket(url)
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
  const sessionId = await new Promise<string>((resolve) => {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { t: string; sessionId?: string }
      if (m.t === 'welcome') resolve(m.sessionId!)
    })
    ws.send(JSON.stringify({ t: 'hello', token, protocol: 1, resume: null, process: { kind: 'player', unityVersion: '2022.3.10f1', platform: 'LinuxPlayer', productName: `Bench ${n}`, pid: 1000 + n, development: true } }))
  })
  ws.send(JSON.stringify({ t: 'state', playMode: 'playing', frame: 0 }))
  ws.send(JSON.stringify({ t: 'counters', counters }))
  let i = 0
  const t0 = now()
  const timer = setInterval(() => {
    if (stopAt()) {
      clearInterval(timer)
      ws.close()
      return
    }
    const due = Math.floor(((now() - t0) / 1000) * HZ)
    const frames = []
    while (i < due) frames.push(frame(i++))
    if (frames.length === 0) return
    ws.send(JSON.stringify({ t: 'frames', frames }))
    sent.push({ session: sessionId, last: frames[frames.length - 1].i, at: now() })
  }, BATCH_MS)
  return sessionId
}

async function floor(browser: import('playwright-core').Browser): Promise<number[]> {
  // A bare WebSocket server → a blank page that notes the animation frame after each message.
  const server = http.createServer((_q, res) => res.end('<!doctype html><title>floor</title>'))
  const wss = new WebSocketServer({ server })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as AddressInfo).port
  const page = await browser.newPage()
  await page.goto(`http://127.0.0.1:${port}/`)
  const connected = new Promise<WebSocket>((r) => wss.once('connection', r))
  await page.evaluate(`(() => {
    window.seen = []
    const ws = new WebSocket('ws://127.0.0.1:${port}/')
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data)
      const last = m.frames[m.frames.length - 1].i
      requestAnimationFrame(() => window.seen.push({ at: performance.timeOrigin + performance.now(), last }))
    }
  })()`)
  const ws = await connected
  const sent: { last: number; at: number }[] = []
  let i = 0
  const t0 = now()
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.floor(((now() - t0) / 1000) * HZ * PROCESSES)
      const frames = []
      while (i < due) frames.push(frame(i++))
      if (frames.length) {
        ws.send(JSON.stringify({ t: 'frames', frames }))
        sent.push({ last: frames[frames.length - 1].i, at: now() })
      }
      if (now() - t0 > 10_000) {
        clearInterval(timer)
        resolve()
      }
    }, BATCH_MS / PROCESSES)
  })
  await new Promise((r) => setTimeout(r, 300))
  const seen = (await page.evaluate(() => (window as unknown as { seen: { at: number; last: number }[] }).seen)) as { at: number; last: number }[]
  await page.close()
  wss.close()
  server.close()
  return sent.map((s) => seen.find((x) => x.last >= s.last)).map((x, k) => (x ? x.at - sent[k].at : NaN)).filter(Number.isFinite)
}

export function memoryForAnHour(): { ringMB: number; rendererMB: number } {
  const frames = 3600 * HZ
  const ring = new FrameRing(frames)
  ring.setWidth(COUNTERS)
  for (let i = 0; i < frames; i++) ring.push(i, i / HZ, frame(i).v, Date.now(), undefined)
  const ringMB = ring.bytes / 1024 / 1024
  global.gc?.()
  const before = process.memoryUsage().heapUsed
  const buf = new SessionFrames()
  for (let i = 0; i < frames; i += 6) {
    const batch = Array.from({ length: 6 }, (_, k) => frame(i + k))
    const series: Record<string, number[]> = {}
    for (let c = 0; c < COUNTERS; c++) series[String(c)] = batch.map((f) => f.v[c])
    buf.push({ sessionId: 's', index: batch.map((f) => f.i), received: batch.map(() => Date.now()), series })
  }
  global.gc?.()
  // typed arrays live outside the JS heap: count their bytes, plus what the heap grew by
  const rendererMB = (buf.bytes + Math.max(0, process.memoryUsage().heapUsed - before)) / 1024 / 1024
  if (buf.length !== frames) throw new Error('renderer buffer lost frames')
  return { ringMB, rendererMB }
}

export async function run(): Promise<void> {
  const copy = copyFixtureProject('NavMeshComponents', [])
  const serve = await startServe(copy.root)
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS })
  try {
    const floorLatencies = await floor(browser)
    const { url, token } = JSON.parse(fs.readFileSync(path.join(copy.root, 'Library', 'SlateLink.json'), 'utf8')) as { url: string; token: string }
    const page = await browser.newPage({ viewport: { width: 1900, height: 1000 } })
    const sent: Sent[] = []
    let stop = false
    const sessions = await Promise.all(Array.from({ length: PROCESSES }, (_, n) => emitter(url, token, n, sent, () => stop)))
    await page.goto(serve.url.replace('?', '?') + '#/profiler')
    await page.waitForSelector('[data-testid="chart-frame"] canvas')
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="profiler-session"]').length === n, PROCESSES)
    // measure from here: every process is on screen
    const from = now()
    // a string, not a function: tsx's transform would add a helper the page does not have
    await page.evaluate(`(() => { window.rafs = []; const tick = () => { window.rafs.push(performance.now()); requestAnimationFrame(tick) }; requestAnimationFrame(tick) })()`)
    await page.waitForTimeout(STREAM_S * 1000)
    stop = true
    const { draws, rafs } = (await page.evaluate(() => ({ draws: (window as unknown as { __slateProfiler: { draws: unknown[] } }).__slateProfiler.draws, rafs: (window as unknown as { rafs: number[] }).rafs }))) as { draws: { at: number; last: Record<string, number> }[]; rafs: number[] }
    const fps = (rafs.length - 1) / ((rafs[rafs.length - 1] - rafs[0]) / 1000)
    const latencies: number[] = []
    for (const s of sent) {
      if (s.at < from || s.at > from + STREAM_S * 1000 - 500) continue
      const d = draws.find((x) => x.at >= s.at && (x.last[s.session] ?? -1) >= s.last)
      if (d) latencies.push(d.at - s.at)
    }
    const l = stats(latencies)
    const f = stats(floorLatencies)
    const mem = memoryForAnHour()
    console.log(`stream: ${PROCESSES} processes × ${COUNTERS} counters × ${HZ} Hz, batches every ${BATCH_MS} ms, ${STREAM_S} s; sessions ${sessions.length}`)
    console.log(`emit→chart latency (batch sent → Profiler repaint with its last frame): p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)} (${l.n} batches)`)
    console.log(`floor, bare WebSocket → blank page's next animation frame, same run: p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)} (${f.n} batches)`)
    console.log(`renderer frame rate while streaming: ${fps.toFixed(1)} fps (goal ≥ 55)`)
    console.log(`memory for 1 h of frames of one process (${(3600 * HZ).toLocaleString()} frames × ${COUNTERS} counters): core frame ring ${mem.ringMB.toFixed(1)} MB (Float32 columns), renderer buffer ${mem.rendererMB.toFixed(1)} MB (typed columns with their spare capacity, measured in Node)`)
    const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
    console.log(`load average: ${load}`)
  } finally {
    await browser.close()
    await serve.stop()
    copy.remove()
  }
}
