import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../../testing/fixtures'

/** A `slate` CLI process whose stdout lines can be awaited (no sleeps: we wait for what it prints). */
export interface CliProcess {
  child: ChildProcess
  lines: string[]
  waitForLine(pattern: RegExp): Promise<string>
  exited: Promise<number | null>
}

export function spawnSlate(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'slate.mjs'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own group: cleanup can end it and anything it left
  })
  const lines: string[] = []
  let waiters: { pattern: RegExp; resolve: (l: string) => void }[] = []
  let buf = ''
  const onData = (c: Buffer) => {
    buf += c.toString('utf8')
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      lines.push(line)
      waiters = waiters.filter((w) => (w.pattern.test(line) ? (w.resolve(line), false) : true))
    }
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[${args[0]}] ${c}`))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    child,
    lines,
    exited,
    waitForLine(pattern) {
      const hit = lines.find((l) => pattern.test(l))
      if (hit) return Promise.resolve(hit)
      return new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve })
        void exited.then((code) => reject(new Error(`slate ${args[0]} exited (${code}) before printing ${pattern}; output:\n${lines.join('\n')}`)))
      })
    },
  }
}

/** Stop an embedded PostgreSQL that a killed process left running in `dataDir`. */
export function stopOrphanPostgres(dataDir: string): void {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'db', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0])
    if (pid > 0) process.kill(pid, 'SIGINT') // fast shutdown
  } catch {
    /* not running */
  }
}

/** Kill every stand-in that recorded its pid in `dir` (editors orphaned by a killed worker). */
export function killRecordedPids(dir: string): void {
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    try {
      process.kill(Number(name), 'SIGKILL')
    } catch {
      /* already gone */
    }
  }
}
