import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/**
 * What an untrusted project can hold besides files: links out of it, FIFOs, sockets. Tests of
 * the write and read paths build these in a temp folder (a "project" and an "outside" beside it).
 */
export interface HostileArea {
  root: string
  /** The project. */
  project: string
  /** A folder beside the project that nothing may write to or list. */
  outside: string
  /** Files directly in `outside`, name → content, to check nothing changed. */
  outsideSnapshot(): Record<string, string>
  cleanup(): void
}

export function hostileArea(prefix = 'slate-hostile-'): HostileArea {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  const project = path.join(root, 'project')
  const outside = path.join(root, 'outside')
  fs.mkdirSync(path.join(project, 'Assets'), { recursive: true })
  fs.mkdirSync(path.join(project, 'ProjectSettings'))
  fs.mkdirSync(path.join(project, 'Packages'))
  fs.mkdirSync(outside)
  fs.writeFileSync(path.join(outside, 'victim.txt'), 'untouched\n')
  return {
    root,
    project,
    outside,
    outsideSnapshot() {
      const out: Record<string, string> = {}
      for (const name of fs.readdirSync(outside)) {
        const st = fs.lstatSync(path.join(outside, name))
        out[name] = st.isFile() ? fs.readFileSync(path.join(outside, name), 'utf8') : `<${st.isDirectory() ? 'dir' : 'other'}>`
      }
      return out
    },
    cleanup() {
      fs.rmSync(root, { recursive: true, force: true })
    },
  }
}

export function makeFifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  execFileSync('mkfifo', [file])
}

/** A listening Unix socket at `file`; close it when done. */
export async function makeSocket(file: string): Promise<net.Server> {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(file, resolve))
  return server
}
