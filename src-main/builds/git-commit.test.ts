import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { projectCommit } from './git-commit'

/**
 * A project whose `.git/config` tries to run commands on the host when SLATE asks git for the
 * commit: an fsmonitor, a clean filter on every file, a post-index-change hook (via hooksPath), a
 * pager. Each would create a marker file; none may exist afterwards.
 */
let dir: string
let project: string
let markers: string

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: project, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } }).toString()
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-git-'))
  project = path.join(dir, 'project')
  markers = path.join(dir, 'markers')
  fs.mkdirSync(markers)
  fs.mkdirSync(project)
  git('init', '-q')
  git('config', 'user.email', 't@example.com')
  git('config', 'user.name', 't')
  fs.writeFileSync(path.join(project, 'a.txt'), 'a\n')
  fs.writeFileSync(path.join(project, 'b.bin'), 'b\n')
  fs.writeFileSync(path.join(project, '.gitattributes'), '*.txt filter=evil\n*.bin filter=evil2\n')
  git('add', '.')
  git('commit', '-qm', 'first')
  // Only now the hostile configuration (a clone would carry it from the start).
  const hooks = path.join(project, 'hooks')
  fs.mkdirSync(hooks)
  for (const hook of ['post-index-change', 'pre-commit', 'post-checkout']) {
    fs.writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch ${markers}/hook-${hook}\n`, { mode: 0o755 })
  }
  git("config", "core.fsmonitor", `touch ${markers}/fsmonitor; exit 1`) // fails: git then checks every file
  git('config', 'filter.evil.clean', `touch ${markers}/clean; cat`)
  git('config', 'filter.evil2.process', `touch ${markers}/process`)
  git('config', 'core.hooksPath', hooks)
  git('config', 'core.pager', `touch ${markers}/pager; cat`)
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Change both files without changing their size, so only their content (read through the filters) tells. */
function touchSameSize(): void {
  const later = new Date(Date.now() + 60_000)
  for (const f of ['a.txt', 'b.bin']) {
    fs.writeFileSync(path.join(project, f), 'z\n')
    fs.utimesSync(path.join(project, f), later, later)
  }
}

describe('projectCommit runs no project-controlled command', () => {
  it('the configuration is armed: plain git runs the fsmonitor and a filter', () => {
    touchSameSize()
    try {
      git('status', '--porcelain')
    } catch {
      // the `process` filter is no real filter-protocol speaker: git may run it and then die
    }
    const seen = fs.readdirSync(markers)
    expect(seen).toContain('fsmonitor')
    expect(seen.some((m) => m === 'clean' || m === 'process')).toBe(true)
  })

  it('reports the commit and +dirty without running the fsmonitor, filters, hooks or pager', async () => {
    const sha = git('rev-parse', 'HEAD').trim()
    fs.rmSync(markers, { recursive: true })
    fs.mkdirSync(markers)
    expect(await projectCommit(project)).toBe(sha)
    touchSameSize() // same size, new mtime: git must read the files (through filters, if it ran them)
    expect(await projectCommit(project)).toBe(`${sha}+dirty`)
    expect(fs.readdirSync(markers)).toEqual([])
  })

  it('is null outside a repository', async () => {
    expect(await projectCommit(markers)).toBe(null)
  })
})
