import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fixturesDir, unityFixture } from './fixtures'

/** The registry packages of ../shared/fixtures/package-cache/BoatAttack, as `<name>@<version>` folders. */
export const packageCacheFixture = path.join(fixturesDir, 'package-cache', 'BoatAttack')

/**
 * A temporary copy of BoatAttack with the fixture's three packages in its Library/PackageCache,
 * as Unity leaves a project after opening it. ../shared is never modified.
 */
export function boatAttackWithPackageCache(opts: { packages?: boolean } = {}): { root: string; dispose(): void } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-pkgcache-'))
  const root = path.join(tmp, 'BoatAttack')
  fs.cpSync(unityFixture('BoatAttack'), root, { recursive: true })
  if (opts.packages !== false) fs.cpSync(packageCacheFixture, path.join(root, 'Library', 'PackageCache'), { recursive: true })
  return { root, dispose: () => fs.rmSync(tmp, { recursive: true, force: true }) }
}

/** Every file below `dir` (no links followed), absolute. */
export function filesBelow(dir: string): string[] {
  const out: string[] = []
  const stack = [dir]
  while (stack.length) {
    const d = stack.pop()!
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) stack.push(p)
      else if (e.isFile()) out.push(p)
    }
  }
  return out
}

/**
 * The GUIDs `.meta` files below `dir` declare, read with a plain regex (an oracle independent of
 * the indexer's byte scanner). Skips folders Unity ignores (`~` suffix, leading dot).
 */
export function declaredGuidsBelow(dir: string): Set<string> {
  const out = new Set<string>()
  for (const f of filesBelow(dir)) {
    if (!f.endsWith('.meta') || /[\\/](\.[^\\/]*|[^\\/]*~)[\\/]/.test(`/${path.relative(dir, f)}`)) continue
    const m = /^guid:\s*([0-9a-f]{32})\s*$/m.exec(fs.readFileSync(f, 'utf8'))
    if (m) out.add(m[1])
  }
  return out
}
