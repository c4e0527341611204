import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from './serve'

/**
 * The builds engineer's Unity stand-in (test/unity-standin) behind a small launcher, so one
 * `slate serve` can run builds of different scenarios: SLATE finds the launcher through
 * UNITY_PATH, and the launcher reads the scenario the test chose last (SLATE_STANDIN_SCENARIO,
 * SLATE_STANDIN_DURATION_MS) from a file next to it, then execs the stand-in.
 */
export function makeUnityStandin(): { unityPath: string; scenario(name: string, durationMs?: number): void; killLeftovers(): void; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-e2e-unity-'))
  const env = path.join(dir, 'scenario.env')
  const unityPath = path.join(dir, 'unity')
  const standin = path.join(repoRoot, 'test', 'unity-standin', 'unity-standin.mjs')
  fs.writeFileSync(unityPath, `#!/bin/sh\n. '${env}'\nexec '${process.execPath}' '${standin}' "$@"\n`, { mode: 0o755 })
  // The stand-in writes its pid here, so a failed test can end the editor it left hanging.
  const pids = path.join(dir, 'pids')
  fs.mkdirSync(pids)
  const scenario = (name: string, durationMs = 2500) =>
    fs.writeFileSync(env, `export SLATE_STANDIN_SCENARIO=${name}\nexport SLATE_STANDIN_DURATION_MS=${durationMs}\nexport SLATE_STANDIN_PID_DIR='${pids}'\n`)
  const killLeftovers = () => {
    for (const pid of fs.readdirSync(pids)) {
      try {
        process.kill(Number(pid), 'SIGKILL')
      } catch {
        /* already gone */
      }
    }
  }
  scenario('success')
  return { unityPath, scenario, killLeftovers, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}
