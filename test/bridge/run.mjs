#!/usr/bin/env node
// `npm run test:bridge`: compiles the bridge package against the Unity reference stubs for every
// Unity version in compile.mjs (warnings are errors), then runs the link's own C# tests under
// Mono against a real SLATE core (`slate link serve --json`) for the oldest and the newest version. Prints
// "N passed, N failed" and exits non-zero on any failure.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { checkPackageMetas, compileVersion, root, VERSIONS } from './compile.mjs'

const TESTED = ['2019_4', '6000_0']
const filter = process.argv[2]
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bridge-'))
let passed = 0
let failed = 0
/** Runs one C# test program under Mono and adds its "N passed, N failed" to the totals. The program
 * runs in a process group of its own, ended after it exits: a crashed run must not leave the cores
 * it started (`slate link serve` keeps serving when its stdin closes) behind. */
async function runTests(label, exe) {
  const child = spawn('mono', ['--debug', exe, root, ...(filter ? [filter] : [])], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  let stdout = ''
  child.stdout.on('data', (d) => {
    stdout += d
    process.stdout.write(d)
  })
  const timer = setTimeout(() => killGroup(child.pid), 15 * 60_000)
  const [code, signal] = await once(child, 'exit')
  clearTimeout(timer)
  killGroup(child.pid)
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(stdout)
  if (!m) {
    failed++
    console.log(`  FAIL tests ${label}: the test run ended without a summary (exit ${code}, ${signal ?? 'no signal'})`)
    return
  }
  passed += Number(m[1])
  failed += Number(m[2])
  if (code !== 0 && Number(m[2]) === 0) {
    failed++
    console.log(`  FAIL tests ${label}: exit code ${code}`)
  }
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    /* the group is already gone */
  }
}

const metaProblems = checkPackageMetas()
if (metaProblems.length === 0) {
  passed++
  console.log('  ok   package: every file and folder has a .meta with its own GUID')
} else {
  failed++
  console.log(`  FAIL package .meta files:\n    ${metaProblems.join('\n    ')}`)
}
try {
  for (const v of VERSIONS) {
    const label = `Unity ${v.replace('_', '.')}`
    try {
      const built = compileVersion(v, path.join(out, v), { tests: TESTED.includes(v) })
      console.log(`  ok   compile ${label} (Runtime as player + as Editor, Editor incl. BuildCommand)`)
      passed++
      if (!TESTED.includes(v)) continue
      for (const [what, exe] of [['Editor and shared', built.tests], ['player build of the Runtime', built.playerTests]]) {
        console.log(`tests, ${label}, ${what}:`)
        await runTests(label, exe)
      }
    } catch (e) {
      failed++
      console.log(`  FAIL compile ${label}: ${e.message}`)
    }
  }
} finally {
  fs.rmSync(out, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
