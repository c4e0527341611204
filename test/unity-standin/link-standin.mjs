#!/usr/bin/env node
// A stand-in for a Unity process on SLATE's live link (Unity cannot run here). It speaks the link
// protocol (resources/unity-package/Documentation~/link-protocol.md) as the bridge does: hello
// with the token, state on connect and on every change, the counter set, frames in batches every
// 100 ms, logs from a bounded queue, compile messages, one reply per command; it reconnects with
// `resume` when the connection drops.
//
// The data is real where the fixtures have it:
//   - frame time: a Profile Analyzer frameTime.csv (../shared/fixtures/profiler), played in order
//     and looped; it is sent as "CPU Total Frame Time" and shapes the main/render/GPU split below;
//   - log lines: the Debug.Log entries of a real Editor.log (../shared/fixtures/logs), with their
//     managed stack traces as Application.logMessageReceived gives them;
//   - compiler messages: the `error CS…` lines of a real failed build log.
// The fixtures carry no per-frame GPU, render-thread, rendering or memory figures: those are
// scenario-shaped from the real frame time (SCENARIOS below) so the Profiler's charts and the
// bottleneck rule have something to chew on. They are labelled so in the README.
//
// Usage: node link-standin.mjs [<url> <token>] [--project <dir>] [--kind editor|player]
//          [--scenario cpu|gpu|present|balanced] [--fps N] [--speed X] [--extra-counters N]
//          [--frames N] [--log-every N] [--no-reconnect] [--quiet] [--ns]
// Without url/token: SLATE_LINK_URL / SLATE_LINK_TOKEN, or <project>/Library/SlateLink.json.
// stdout: one JSON line per thing that happened ({"standin":"welcome"|"cmd"|"state"|"closed",…}).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'

const here = path.dirname(fileURLToPath(import.meta.url))
const fixtures = process.env.SLATE_FIXTURES || path.resolve(here, '../../../shared/fixtures')
const argv = process.argv.slice(2)
const flags = {}
const positional = []
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  if (a.startsWith('--')) {
    const key = a.slice(2)
    const next = argv[i + 1]
    if (next === undefined || next.startsWith('--')) flags[key] = true
    else flags[key] = argv[++i]
  } else positional.push(a)
}

function linkTarget() {
  if (positional.length >= 2) return { url: positional[0], token: positional[1] }
  if (process.env.SLATE_LINK_URL && process.env.SLATE_LINK_TOKEN) return { url: process.env.SLATE_LINK_URL, token: process.env.SLATE_LINK_TOKEN }
  if (flags.project) {
    // The Editor's bridge reads the discovery file on load and again on every reconnect.
    const file = JSON.parse(fs.readFileSync(path.join(flags.project, 'Library', 'SlateLink.json'), 'utf8'))
    return { url: file.url, token: file.token }
  }
  console.error('link-standin: no link configured (url + token, SLATE_LINK_URL/SLATE_LINK_TOKEN or --project)')
  process.exit(2)
}

const kind = flags.kind === 'editor' ? 'editor' : 'player'
const quiet = flags.quiet === true
const scenarioName = typeof flags.scenario === 'string' ? flags.scenario : 'cpu'
const fps = flags.fps ? Number(flags.fps) : null
const speed = flags.speed ? Number(flags.speed) : 1
const extraCounters = flags['extra-counters'] ? Number(flags['extra-counters']) : 0
const maxFrames = flags.frames ? Number(flags.frames) : Infinity
const logEvery = flags['log-every'] ? Number(flags['log-every']) : 45
const unitNs = flags.ns === true || kind === 'player'

// --- real data ------------------------------------------------------------------------------
function readFrameTimes() {
  const file = path.join(fixtures, 'profiler', 'profile-analyzer_frameTime__acciohyun_FYP.csv')
  const rows = fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1).filter(Boolean)
  return rows.map((r) => Number(r.split(',')[2])).filter((x) => Number.isFinite(x) && x > 0)
}

function readDebugLogs() {
  const text = fs.readFileSync(path.join(fixtures, 'logs', '01_unity6000.1.3f1_batchmode_build_success__lsa26_KeepDriving.log'), 'utf8')
  const lines = text.split(/\r?\n/)
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const m = /^UnityEngine\.Debug:(Log\w*) /.exec(lines[i])
    if (!m) continue
    // walk back to the message (the line before Unity's internal frames)
    let j = i
    while (j > 0 && /^UnityEngine\.(Debug|DebugLogHandler|Logger|StackTraceUtility):/.test(lines[j - 1])) j--
    const message = lines[j - 1]
    const stack = []
    for (let k = i; k < lines.length && lines[k].trim() !== ''; k++) stack.push(lines[k])
    const level = m[1] === 'LogError' ? 'error' : m[1] === 'LogWarning' ? 'warning' : m[1] === 'LogException' ? 'exception' : 'log'
    if (message) out.push({ level, message, stack: stack.join('\n') + '\n' })
  }
  return out
}

function readCompilerErrors() {
  const text = fs.readFileSync(path.join(fixtures, 'logs', '02_unity2020.3.31f1_android_build_failed_CS0246_gradle__AgerstnerDev_Logs.log'), 'latin1')
  const seen = new Set()
  const out = []
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.+?)\((\d+),(\d+)\): (error|warning) (CS\d+): (.*)$/.exec(line.replace(/\0/g, ''))
    if (!m || seen.has(line)) continue
    seen.add(line)
    out.push({ type: m[4], message: `${m[5]}: ${m[6]}`, file: m[1].replace(/\\/g, '/'), line: Number(m[2]), column: Number(m[3]) })
  }
  return out
}

const frameTimes = readFrameTimes()
const debugLogs = readDebugLogs()
const compilerErrors = readCompilerErrors()

// --- counters -------------------------------------------------------------------------------
// How the fixture's real frame time is split between main thread, render thread and GPU.
const SCENARIOS = {
  cpu: { main: 0.93, render: 0.45, gpu: 0.5, wait: 0 },
  gpu: { main: 0.5, render: 0.4, gpu: 0.96, wait: 0 },
  present: { main: 0.45, render: 0.3, gpu: 0.4, wait: 0.45 },
  balanced: { main: 0.9, render: 0.5, gpu: 0.9, wait: 0 },
}
const scenario = SCENARIOS[scenarioName] ?? SCENARIOS.cpu
const timeUnit = unitNs ? 'ns' : 'ms'
const toUnit = unitNs ? 1e6 : 1
const counters = [
  ['CPU Total Frame Time', 'Internal', timeUnit, (ft) => ft * toUnit],
  ['CPU Main Thread Frame Time', 'Internal', timeUnit, (ft) => ft * scenario.main * toUnit],
  ['CPU Render Thread Frame Time', 'Internal', timeUnit, (ft) => ft * scenario.render * toUnit],
  ['GPU Frame Time', 'Internal', timeUnit, (ft) => ft * scenario.gpu * toUnit],
  ['CPU Main Thread Present Wait Time', 'Internal', timeUnit, (ft) => ft * scenario.wait * toUnit],
  ['Batches Count', 'Render', 'count', (ft, n) => 180 + ((n * 7) % 40)],
  ['Draw Calls Count', 'Render', 'count', (ft, n) => 240 + ((n * 11) % 60)],
  ['SetPass Calls Count', 'Render', 'count', (ft, n) => 60 + ((n * 3) % 20)],
  ['Triangles Count', 'Render', 'count', (ft, n) => 350_000 + ((n * 997) % 50_000)],
  ['Vertices Count', 'Render', 'count', (ft, n) => 420_000 + ((n * 991) % 60_000)],
  ['Total Used Memory', 'Memory', 'bytes', (ft, n) => 900e6 + (n % 600) * 1e5],
  ['System Used Memory', 'Memory', 'bytes', (ft, n) => 1.4e9 + (n % 600) * 1e5],
  ['GC Used Memory', 'Memory', 'bytes', (ft, n) => 120e6 + (n % 600) * 4e4],
  ['GC Reserved Memory', 'Memory', 'bytes', () => 180e6],
  ['GC Allocated In Frame', 'Memory', 'bytes', (ft) => Math.round(ft * 120)],
  ['Gfx Used Memory', 'Memory', 'bytes', () => 310e6],
  ['Texture Memory', 'Memory', 'bytes', () => 210e6],
  ['Mesh Memory', 'Memory', 'bytes', () => 48e6],
  ['Active Dynamic Bodies', 'Physics', 'count', (ft, n) => 40 + (n % 10)],
  ['Physics Contacts', 'Physics', 'count', (ft, n) => 120 + (n % 30)],
  ['Playing Audio Sources', 'Audio', 'count', () => 6],
  ['Audio Used Memory', 'Audio', 'bytes', () => 22e6],
]
for (let k = 0; k < extraCounters; k++) counters.push([`Custom Counter ${k}`, 'Scripts', 'count', (ft, n) => (n + k) % 100])

// --- link -----------------------------------------------------------------------------------
const target = linkTarget()
let sessionId = null
let socket = null
let state = { playMode: kind === 'editor' ? 'edit' : 'playing', compiling: false, timeScale: 1, targetFrameRate: -1, frame: 0 }
let frameNo = 0
let framePending = []
let logQueue = []
let dropped = 0
let sent = 0
let stopped = false
const LOG_QUEUE_MAX = 1000
const startedAt = performance.now()

function out(obj) {
  if (!quiet) process.stdout.write(JSON.stringify({ standin: obj.standin, ...obj }) + '\n')
}

function send(msg) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg))
}

function sendState() {
  send({ t: 'state', ...state })
  out({ standin: 'state', ...state })
}

function log(level, message, stack = '') {
  // bounded queue, as the bridge's logMessageReceivedThreaded handler: a flood drops, never blocks
  if (logQueue.length >= LOG_QUEUE_MAX) dropped++
  else logQueue.push({ level, message, stack, time: (performance.now() - startedAt) / 1000 })
}

function connect() {
  const ws = new WebSocket(target.url)
  socket = ws
  ws.on('open', () => {
    send({
      t: 'hello',
      token: target.token,
      protocol: 1,
      resume: sessionId,
      process: {
        kind,
        unityVersion: kind === 'editor' ? '2022.3.10f1' : '2022.3.10f1',
        platform: kind === 'editor' ? 'LinuxEditor' : 'LinuxPlayer',
        device: os.hostname(),
        productName: 'KeepDriving (stand-in)',
        pid: process.pid,
        development: true,
      },
    })
  })
  ws.on('message', (data) => {
    let msg
    try {
      msg = JSON.parse(String(data))
    } catch {
      return
    }
    if (msg.t === 'welcome') {
      const resumed = sessionId === msg.sessionId
      sessionId = msg.sessionId
      out({ standin: 'welcome', sessionId, resumed })
      sendState()
      send({ t: 'counters', counters: counters.map(([name, category, unit], id) => ({ id, name, category, unit })) })
    } else if (msg.t === 'cmd') {
      out({ standin: 'cmd', id: msg.id, name: msg.name, args: msg.args })
      handleCommand(msg)
    }
  })
  ws.on('close', (code, reason) => {
    out({ standin: 'closed', code, reason: String(reason) })
    if (socket === ws) socket = null
    if (stopped || code === 4401 || flags['no-reconnect']) {
      if (code === 4401) process.exitCode = 3
      return shutdown()
    }
    setTimeout(connect, 200)
  })
  ws.on('error', () => {})
}

function reply(id, ok, resultOrError) {
  send(ok ? { t: 'reply', id, ok: true, result: resultOrError ?? {} } : { t: 'reply', id, ok: false, error: resultOrError })
}

function allowed(key, value) {
  if (!flags.project) return true
  try {
    const list = JSON.parse(fs.readFileSync(path.join(flags.project, 'ProjectSettings', 'SlateLinkAllowList.json'), 'utf8'))
    return Array.isArray(list[key]) && list[key].includes(value)
  } catch {
    return false
  }
}

function handleCommand({ id, name, args = {} }) {
  const change = (patch) => {
    state = { ...state, ...patch }
    sendState()
  }
  switch (name) {
    case 'play.enter':
      change({ playMode: 'playing' })
      log('log', 'Entering play mode (stand-in)')
      return reply(id, true, { playMode: state.playMode })
    case 'play.exit':
      change({ playMode: 'edit' })
      return reply(id, true, { playMode: state.playMode })
    case 'play.pause':
      if (state.playMode === 'edit') return reply(id, false, 'Not in play mode')
      change({ playMode: 'paused' })
      return reply(id, true, { playMode: state.playMode })
    case 'play.resume':
      if (state.playMode === 'edit') return reply(id, false, 'Not in play mode')
      change({ playMode: 'playing' })
      return reply(id, true, { playMode: state.playMode })
    case 'play.step':
      if (state.playMode === 'edit') return reply(id, false, 'Not in play mode')
      produceFrame()
      flushFrames()
      change({ playMode: 'paused' })
      return reply(id, true, { frame: state.frame })
    case 'time.scale': {
      const v = Number(args.value)
      if (!Number.isFinite(v) || v < 0 || v > 100) return reply(id, false, 'time scale must be 0–100')
      change({ timeScale: v })
      return reply(id, true, { timeScale: v })
    }
    case 'frameRate': {
      const v = Number(args.value)
      if (!Number.isInteger(v)) return reply(id, false, 'target frame rate must be an integer (-1 = platform default)')
      change({ targetFrameRate: v })
      return reply(id, true, { targetFrameRate: v })
    }
    case 'assets.refresh':
      return reply(id, true, { refreshed: true })
    case 'scripts.compile':
      change({ compiling: true })
      send({ t: 'compile', phase: 'started', assembly: null, messages: [], errors: 0 })
      setTimeout(() => {
        send({ t: 'compile', phase: 'assembly', assembly: 'Assembly-CSharp.dll', messages: compilerErrors, errors: compilerErrors.filter((m) => m.type === 'error').length })
        setTimeout(() => {
          send({ t: 'compile', phase: 'finished', assembly: null, messages: [], errors: compilerErrors.filter((m) => m.type === 'error').length })
          change({ compiling: false })
          reply(id, true, { errors: compilerErrors.filter((m) => m.type === 'error').length })
        }, 50)
      }, 50)
      return
    case 'method.run':
      if (!allowed('methods', args.name)) return reply(id, false, `"${args.name}" is not on the allow-list`)
      log('log', `Ran ${args.name} (stand-in)`)
      return reply(id, true, { ran: args.name })
    case 'menu.run':
      if (!allowed('menus', args.path)) return reply(id, false, `"${args.path}" is not on the allow-list`)
      return reply(id, true, { ran: args.path })
    case 'package.import':
      return reply(id, true, { imported: args.path })
    case 'package.export':
      return reply(id, true, { exported: args.out, paths: args.paths })
    default:
      return reply(id, false, 'unknown command')
  }
}

// --- playback -------------------------------------------------------------------------------
function produceFrame() {
  const ft = frameTimes[frameNo % frameTimes.length]
  const v = counters.map(([, , , f]) => f(ft, frameNo))
  frameNo++
  state.frame = frameNo
  framePending.push({ i: frameNo, time: (performance.now() - startedAt) / 1000, v })
  sent++
  if (frameNo % logEvery === 0 && debugLogs.length) {
    const e = debugLogs[(frameNo / logEvery) % debugLogs.length]
    log(e.level, e.message, e.stack)
  }
}

function flushFrames() {
  if (framePending.length) {
    send({ t: 'frames', frames: framePending })
    framePending = []
  }
  if (logQueue.length || dropped) {
    send({ t: 'logs', entries: logQueue, dropped })
    logQueue = []
    dropped = 0
  }
}

let nextAt = performance.now()
function tick() {
  if (stopped) return
  const now = performance.now()
  if (state.playMode === 'playing' && socket && socket.readyState === WebSocket.OPEN) {
    // Pace by the capture's own frame times (or a fixed rate), divided by the time scale's speed.
    while (nextAt <= now && sent < maxFrames) {
      const ft = fps ? 1000 / fps : frameTimes[frameNo % frameTimes.length]
      produceFrame()
      nextAt += ft / speed
    }
    if (sent >= maxFrames) out({ standin: 'done', frames: sent })
  } else nextAt = now
  setTimeout(tick, 4)
}

let flushTimer = setInterval(flushFrames, 100)

function shutdown() {
  stopped = true
  clearInterval(flushTimer)
  if (socket) socket.close(1000, 'bye')
  setTimeout(() => process.exit(), 50).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

connect()
tick()
