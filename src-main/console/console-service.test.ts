import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConsoleSourceInfo } from '../../src-shared/types-ui'
import { logFixture } from '../testing/fixtures'
import { makeFifo } from '../testing/hostile-fs'
import { ConsoleService } from './console-service'

const ALL = { levels: ['info', 'warning', 'error', 'exception'] as ('info' | 'warning' | 'error' | 'exception')[], search: '', collapse: false }
let svc: ConsoleService
let dir: string
afterEach(() => {
  svc?.dispose()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

/** Resolves when the service reports a source state matching `done` (events, no sleeps). */
function service(): { svc: ConsoleService; until(done: (i: ConsoleSourceInfo) => boolean): Promise<ConsoleSourceInfo> } {
  const waiters: { done: (i: ConsoleSourceInfo) => boolean; resolve: (i: ConsoleSourceInfo) => void }[] = []
  const s = new ConsoleService((info) => {
    for (const w of [...waiters]) {
      if (!w.done(info)) continue
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve(info)
    }
  })
  return { svc: s, until: (done) => new Promise((resolve) => waiters.push({ done, resolve })) }
}

describe('ConsoleService', () => {
  it('opens log 02 (CRLF, a million NUL bytes) and finds its compiler errors with file, line and column', async () => {
    const h = service()
    svc = h.svc
    const loaded = h.until((i) => !i.live)
    const info = await svc.openFile(logFixture(2), 'log02')
    await loaded
    const errors = svc.query(info.id, { ...ALL, levels: ['error'] }, 0, 2000)
    const compiler = errors.rows.filter((r) => r.kind === 'compiler')
    expect(compiler.length).toBe(98)
    expect(compiler[0]).toMatchObject({ code: 'CS0246', file: expect.stringMatching(/^Assets\/.*\.cs$/), line: expect.any(Number), column: expect.any(Number) })
    expect(compiler.every((r) => !r.message.includes('\0') && !r.message.includes('\r'))).toBe(true)
  })

  // A FIFO opened for reading waits for a writer for ever, holding one of libuv's four threads.
  it('refuses to open a FIFO as a log, at once, and a followed FIFO is reported, not read', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-console-'))
    const fifo = path.join(dir, 'Editor.log')
    makeFifo(fifo)
    const h = service()
    svc = h.svc
    for (let i = 0; i < 6; i++) await expect(svc.openFile(fifo, 'Editor.log')).rejects.toThrow('"Editor.log" is a FIFO (named pipe), not a regular file')
    const reported = h.until((i) => i.problem !== null)
    svc.openBuildLog(fifo, 'build.log')
    expect((await reported).problem).toMatch(/not a regular file/)
    // The pool is free: a real log still opens.
    const loaded = h.until((i) => !i.live && i.entries > 0)
    await svc.openFile(logFixture(1), 'log01')
    await loaded
  })

  it('follows a growing log (Editor.log / a running build) and starts over when it is truncated', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-console-'))
    const file = path.join(dir, 'Editor.log')
    fs.writeFileSync(file, 'first line\n')
    const h = service()
    svc = h.svc
    const first = h.until((i) => i.entries >= 1)
    const info = await svc.openBuildLog(file, 'build')
    await first
    const grown = h.until((i) => i.entries >= 3)
    fs.appendFileSync(file, 'Assets/A.cs(1,2): error CS1002: ; expected\nsecond\n')
    await grown
    expect(svc.query(info.id, { ...ALL, levels: ['error'] }, 0, 10).rows[0]).toMatchObject({ file: 'Assets/A.cs', line: 1, column: 2 })
    const restarted = h.until((i) => i.entries === 1)
    fs.writeFileSync(file, 'x\n')
    await restarted
    expect(svc.query(info.id, ALL, 0, 10).rows.map((r) => r.title)).toEqual(['x'])
  })

  it("shows a finished build's log as read once, not live, with its verdict; a failed build without a log says why", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-console-'))
    const file = path.join(dir, 'job.log')
    fs.writeFileSync(file, "Assets/A.cs(3,4): error CS0103: The name 'x' does not exist\nBuild completed with a result of 'Failed' in 3 seconds (3000 ms)\n")
    const h = service()
    svc = h.svc
    const done = h.until((i) => !i.live)
    await svc.openBuildLog(file, 'Build 1', { reason: null })
    const info = await done
    expect(info.live).toBe(false)
    expect(info.entries).toBe(2)
    expect(info.summary).toMatchObject({ verdict: 'failed', errors: 2, durationSeconds: 3, firstError: { file: 'Assets/A.cs', line: 3 } })

    const missing = await svc.openBuildLog(path.join(dir, 'none.log'), 'Build 2', { reason: 'Docker is not running' })
    expect(missing.live).toBe(false)
    expect(missing.problem).toContain('Docker is not running')
  })
})
