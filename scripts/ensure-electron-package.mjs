#!/usr/bin/env node
// Run by `npm install` (prepare). Electron is an optional dependency: where its binary cannot be
// downloaded (no route to its host), npm drops the whole package and the install goes on. The
// app then runs in the browser (`npm start` says so), but the type checker and electron-vite
// still need Electron's package.json and type declarations, so this puts the package itself
// (no binary, its install script not run) back from the npm registry. Nothing is done where
// Electron installed normally.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dest = path.join(root, 'node_modules', 'electron')
if (fs.existsSync(path.join(dest, 'package.json'))) process.exit(0)

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const range = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron
if (!range) process.exit(0)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-electron-'))
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const packed = spawnSync(npm, ['pack', `electron@${range}`, '--silent', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8', shell: process.platform === 'win32' })
  const file = packed.stdout.trim().split('\n').pop()
  if (packed.status !== 0 || !file) throw new Error(packed.stderr.trim() || 'npm pack failed')
  fs.mkdirSync(dest, { recursive: true })
  const untar = spawnSync('tar', ['-xzf', path.join(tmp, file), '-C', dest, '--strip-components=1'], { encoding: 'utf8' })
  if (untar.status !== 0) throw new Error(untar.stderr.trim() || 'tar failed')
  console.log(`slate: Electron's binary is not installed (it could not be downloaded); added the electron ${JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8')).version} package for its types. \`npm start\` will serve the UI to a browser.`)
} catch (err) {
  fs.rmSync(dest, { recursive: true, force: true })
  console.warn(`slate: could not add the electron package for its types (${err instanceof Error ? err.message : String(err)}); the desktop build and the type check need it.`)
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}
