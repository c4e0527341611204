import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const fixturesDir = path.resolve(repoRoot, '..', 'shared', 'fixtures')

export interface ServeHandle {
  url: string
  token: string
  origin: string
  dataDir: string
  output: string[]
  stop(): Promise<void>
}

/**
 * Start `slate serve <project> --port 0` as a user would, and resolve when it prints its URL:
 * the test waits for the event the app emits (the URL line), never for a fixed time.
 */
export async function startServe(project: string, extraEnv: Record<string, string> = {}, extraArgs: string[] = []): Promise<ServeHandle> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-e2e-data-'))
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), 'serve', project, '--port', '0', ...extraArgs], {
    cwd: repoRoot,
    env: { ...process.env, SLATE_DATA_DIR: dataDir, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  child.stderr!.on('data', (d) => output.push(String(d)))
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      output.push(line)
      const m = line.match(/(http:\/\/\S+\?token=\S+)/)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`slate serve exited with ${code} before printing a URL:\n${output.join('\n')}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    token: parsed.searchParams.get('token')!,
    origin: parsed.origin,
    dataDir,
    output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Screenshots are test artifacts: test-results/screenshots/<name>.png. */
export const screenshotPath = (name: string) => path.join(repoRoot, 'test-results', 'screenshots', `${name}.png`)
