#!/usr/bin/env node
// `npm start [-- <project>]`: build, then run the desktop app on its embedded defaults.
// Where Electron's binary is missing (it could not be downloaded: Electron is an optional
// dependency, so `npm install` goes on without it; or ELECTRON_SKIP_BINARY_DOWNLOAD=1)
// it says so and serves the same UI to a browser instead, with `slate serve`.
import { spawnSync, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const project = process.argv[2]
const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)

let electronBin = null
try {
  const bin = createRequire(import.meta.url)('electron')
  if (typeof bin === 'string' && fs.existsSync(bin)) electronBin = bin
} catch {
  electronBin = null
}

const run = (cmd, args) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (electronBin) {
  run(electronBin, [root, ...(project ? [`--open=${path.resolve(project)}`] : [])])
} else {
  const target = project ?? path.resolve(root, '..', 'shared', 'fixtures', 'unity', 'BoatAttack')
  console.log(`slate: no Electron binary here (it could not be downloaded, or the install skipped it); serving the UI to a browser instead.`)
  if (!project) console.log(`slate: no project given (npm start -- <project>); opening ${target}`)
  run(process.execPath, [path.join(root, 'bin/slate.mjs'), 'serve', target])
}
