import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import readline from 'node:readline'
import { repoRoot } from '../../testing/fixtures'

export const LINK_STANDIN = path.join(repoRoot, 'test', 'unity-standin', 'link-standin.mjs')

export interface StandinProcess {
  child: ChildProcess
  lines: Record<string, unknown>[]
  /** resolves with the first stdout line (already seen or still to come) matching */
  next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>
  stop(): Promise<void>
}

/** Run the link stand-in (a real child process, as a Unity player would be). */
export function runStandin(args: string[]): StandinProcess {
  const child = spawn(process.execPath, [LINK_STANDIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: Record<string, unknown>[] = []
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = []
  readline.createInterface({ input: child.stdout! }).on('line', (text) => {
    let m: Record<string, unknown>
    try {
      m = JSON.parse(text)
    } catch {
      return
    }
    lines.push(m)
    for (const w of [...waiters]) {
      if (!w.pred(m)) continue
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(m)
    }
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    child,
    lines,
    next: (pred) =>
      new Promise((resolve) => {
        const found = lines.find(pred)
        if (found) resolve(found)
        else waiters.push({ pred, resolve })
      }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
