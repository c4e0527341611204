import { parseArgs } from 'node:util'
import path from 'node:path'
import readline from 'node:readline'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import fs from 'node:fs'
import { CliError, type CliCommand } from '../command'
import { isUnityProject } from '../../unity/project-summary'
import { LinkService, type LinkSink } from '../../link/link-service'

const usage = `Usage: slate link serve <project> [--json] [--port N] [--token T] [--timeout-ms N]
       slate link standin <url> <token> [--frames N] [--speed X] [--kind editor|player]

serve    Run the live link for a project (no UI): listen on 127.0.0.1 at /link, write
         <project>/Library/SlateLink.json, accept Unity processes (the bridge, or the stand-in).
         With --json the first stdout line is {"url","token","file"}; every later line is one
         event {"event":"connected"|"disconnected"|"state"|"counters"|"frames"|"logs"|"compile"|"reply"|"error",…}.
         Commands are read from stdin, one JSON object a line:
           {"id":1,"name":"play.enter","args":{},"session":"<sessionId, default: the newest>"}
         and answered with {"event":"reply","id":1,"ok":…,"result"|"error":…}. Also
         {"id":2,"name":"status"} prints every session with its counters and figures.
standin  Play a Unity process against a link (test/unity-standin/link-standin.mjs): frames from
         ../shared/fixtures/profiler, logs from ../shared/fixtures/logs, obeys play/pause/step.`

function line(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

async function serve(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, port: { type: 'string', default: '0' }, token: { type: 'string' }, 'timeout-ms': { type: 'string', default: '10000' } },
  })
  if (positionals.length !== 1) throw new CliError(`expected one project folder\n\n${usage}`)
  const root = path.resolve(positionals[0])
  if (!(await isUnityProject(root))) throw new CliError(`"${root}" is not a Unity project: it has no ProjectSettings folder`)
  const json = values.json === true
  const say = (human: string, obj: Record<string, unknown>) => (json ? line(obj) : process.stdout.write(human + '\n'))
  const sink: LinkSink = {
    sessions: () => {},
    state: (e) => say(`state ${e.sessionId.slice(0, 8)} ${e.state.playMode}${e.connected ? '' : ' (disconnected)'} frame ${e.state.frame}`, { event: 'state', ...e }),
    frames: (e) => {
      const last: Record<string, number | null> = {}
      for (const [id, col] of Object.entries(e.series)) last[id] = col[col.length - 1]
      say(`frames ${e.sessionId.slice(0, 8)} ${e.index.length} (last ${e.index[e.index.length - 1]})`, { event: 'frames', sessionId: e.sessionId, count: e.index.length, first: e.index[0], last: e.index[e.index.length - 1], values: last })
    },
    compile: (e) => say(`compile ${e.phase} ${e.assembly ?? ''} errors ${e.errors}`, { event: 'compile', ...e }),
    logs: (p, entries, dropped) => {
      for (const e of entries) say(`[${e.level}] ${e.message}`, { event: 'log', sessionId: p.sessionId, ...e })
      if (dropped) say(`(${dropped} log lines dropped by Unity)`, { event: 'dropped', sessionId: p.sessionId, dropped })
    },
  }
  const link = new LinkService({ projectRoot: root, sink, port: Number(values.port), token: values.token, commandTimeoutMs: Number(values['timeout-ms']) })
  link.server.on('connected', (p, resumed) => say(`connected ${p.label} session ${p.sessionId}${resumed ? ' (resumed)' : ''}`, { event: 'connected', resumed, session: link.info(p) }))
  link.server.on('disconnected', (p) => say(`disconnected ${p.label}`, { event: 'disconnected', sessionId: p.sessionId }))
  link.server.on('counters', (p) => say(`counters ${p.counters.length}`, { event: 'counters', sessionId: p.sessionId, counters: p.counters }))
  link.server.on('bad', (p, why) => say(`bad message (${why})`, { event: 'bad', sessionId: p?.sessionId ?? null, why }))
  const started = await link.start()
  if (json) line(started)
  else process.stdout.write(`SLATE live link listening at ${started.url}\n  token ${started.token}\n  ${started.file ?? '(no discovery file)'}\n`)

  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', (text) => {
    if (!text.trim()) return
    let req: { id?: unknown; name?: unknown; args?: unknown; session?: unknown }
    try {
      req = JSON.parse(text)
    } catch {
      return say('stdin: not JSON', { event: 'error', error: 'stdin line is not JSON' })
    }
    const id = req.id ?? null
    if (req.name === 'status') return line({ event: 'reply', id, ok: true, result: link.status() })
    const sessions = link.server.list().filter((p) => p.connected)
    const session = typeof req.session === 'string' ? req.session : sessions[sessions.length - 1]?.sessionId
    if (!session) return line({ event: 'reply', id, ok: false, error: 'no Unity process is connected' })
    const args = req.args && typeof req.args === 'object' ? (req.args as Record<string, unknown>) : {}
    link
      .command(session, String(req.name), args)
      .then((r) => line({ event: 'reply', id, ...r }))
      .catch((err: Error) => line({ event: 'reply', id, ok: false, error: err.message }))
  })
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
    // stdin may be closed from the start (a harness that does not pipe it): keep serving
  })
  await link.close()
  // an open stdin pipe would keep the process alive after SIGTERM
  rl.close()
  process.stdin.destroy()
  return 0
}

export function standinScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const up of ['../../..', '../..', '..']) {
    const candidate = path.resolve(here, up, 'test', 'unity-standin', 'link-standin.mjs')
    if (fs.existsSync(candidate)) return candidate
  }
  throw new CliError('the link stand-in (test/unity-standin/link-standin.mjs) is not part of this install')
}

async function standin(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [standinScript(), ...argv], { stdio: 'inherit' })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
}

export const linkCommand: CliCommand = {
  name: 'link',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv
    if (sub === 'serve') return serve(rest)
    if (sub === 'standin') return standin(rest)
    throw new CliError(`expected "serve" or "standin"\n\n${usage}`)
  },
}
