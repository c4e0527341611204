import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')

/** One JSON object per stdout line: what a fault-test child tells its test ("ready", "batch", …). */
export type ChildEvent = { event: string } & Record<string, unknown>

/**
 * A service run in its own process for a fault test, so it can be SIGKILLed: no shutdown hooks,
 * no flush, the way a crash or an OOM kill ends it. The test waits on the events the child prints
 * (never on time) and kills it at the moment it chooses.
 */
export class TestChild {
  readonly proc: ChildProcess
  readonly events: ChildEvent[] = []
  private waiters: { match: (e: ChildEvent) => boolean; resolve: (e: ChildEvent) => void; reject: (err: Error) => void }[] = []
  private stderr = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>

  constructor(script: string, env: Record<string, string>) {
    this.proc = spawn(process.execPath, ['--import', 'tsx', path.join(here, script)], { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let rest = ''
    this.proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n')
      rest = lines.pop() ?? ''
      for (const l of lines) {
        if (!l.startsWith('{')) continue
        const e = JSON.parse(l) as ChildEvent
        this.events.push(e)
        for (const w of this.waiters.filter((w) => w.match(e))) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(e)
        }
      }
    })
    this.proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000)
    })
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        for (const w of this.waiters.splice(0)) w.reject(new Error(`${script} exited (${signal ?? code}) before the awaited event; stderr: ${this.stderr}`))
        resolve({ code, signal })
      })
    })
  }

  /** The first event (already seen or still to come) that matches. */
  waitFor(match: (e: ChildEvent) => boolean, what: string, timeoutMs = 60_000): Promise<ChildEvent> {
    const seen = this.events.find(match)
    if (seen) return Promise.resolve(seen)
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.reject(new Error(`child exited before ${what}; stderr: ${this.stderr}`))
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)), timeoutMs)
      this.waiters.push({
        match,
        resolve: (e) => (clearTimeout(timer), resolve(e)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      })
    })
  }

  event(name: string, timeoutMs?: number): Promise<ChildEvent> {
    return this.waitFor((e) => e.event === name, `"${name}"`, timeoutMs)
  }

  /** SIGKILL and wait until it is gone. */
  async kill(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL')
    await this.exited
  }

  /** SIGTERM (the child stops cleanly and prints its last event), then wait. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM')
    return this.exited
  }

  get stderrTail(): string {
    return this.stderr
  }
}

/** A child's report: one JSON line on stdout. */
export function report(event: string, data: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`)
}
