import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../src-main/testing/fixtures'

// `npm install` warns EBADENGINE when an installed package needs a newer Node than ours: every
// package in the lock file must accept the oldest Node our `engines` promises.
const semver = createRequire(import.meta.url)('semver') as { minVersion(r: string): { version: string } | null; satisfies(v: string, r: string): boolean }

interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean; optional?: boolean }>
}

describe('dependencies agree with engines', () => {
  it('every locked package runs on the oldest Node that package.json promises', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string } }
    const oldest = semver.minVersion(pkg.engines.node)!.version
    const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as Lock
    const refused: string[] = []
    for (const [where, p] of Object.entries(lock.packages)) {
      const range = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined
      if (!where || !range) continue
      if (!semver.satisfies(oldest, range)) refused.push(`${where.replace(/^.*node_modules\//, '')}@${p.version} needs node ${range}`)
    }
    expect(refused).toEqual([])
  })
})
