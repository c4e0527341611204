import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findInFiles } from './find-in-files'

// Cancelling a search stops it: the worker thread running a regex that would backtrack for
// minutes is terminated, and the call settles only after the thread is gone.
let root: string
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-find-cancel-'))
  fs.mkdirSync(path.join(root, 'Assets'))
  fs.writeFileSync(path.join(root, 'Assets/bad.txt'), `${'a'.repeat(40)}!\n`)
})
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

describe('find in files: cancellation', () => {
  it('a cancelled Node scan stops its worker (long before its budget) and says `cancelled`', async () => {
    const controller = new AbortController()
    // (a+)+$ on 40 a's and a '!' needs ~2^40 steps: without the abort this would only end at the 10-minute budget.
    const search = findInFiles(root, { query: '(a+)+$', regex: true }, { rgPath: null, nodeBudgetMs: 600_000, signal: controller.signal })
    setImmediate(() => controller.abort())
    await expect(search).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('an already-cancelled search does not start', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(findInFiles(root, { query: 'a' }, { rgPath: null, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
    await expect(findInFiles(root, { query: 'a' }, { rgPath: 'rg', signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' })
  })
})
