import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fixturesDir } from './serve'

/**
 * A temporary copy of part of a fixture project, for tests that write: the shared fixtures are
 * never modified. `parts` are project-relative folders or files to copy (ProjectSettings and
 * Packages always come along so the copy is a Unity project).
 */
export function copyFixtureProject(name: string, parts: string[]): { root: string; remove(): void } {
  const src = path.join(fixturesDir, 'unity', name)
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `slate-e2e-${name}-`))
  for (const part of ['ProjectSettings', 'Packages', ...parts]) {
    const from = path.join(src, part)
    if (!fs.existsSync(from)) continue
    fs.cpSync(from, path.join(root, part), { recursive: true })
    if (fs.existsSync(`${from}.meta`)) fs.copyFileSync(`${from}.meta`, path.join(root, `${part}.meta`))
  }
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) }
}
