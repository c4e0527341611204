import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { hostileArea, makeFifo, makeSocket, type HostileArea } from '../testing/hostile-fs'
import { openRegularFile, readRegularFile, readRegularFileSync } from './regular-file'

let area: HostileArea
beforeEach(() => {
  area = hostileArea()
})
afterEach(() => area.cleanup())

describe('the read path opens only regular files', () => {
  it('reads a regular file, sync and async', async () => {
    const f = path.join(area.project, 'a.txt')
    fs.writeFileSync(f, 'abc')
    expect((await readRegularFile(f)).toString()).toBe('abc')
    expect(readRegularFileSync(f).toString()).toBe('abc')
  })

  // A FIFO without a writer: a blocking open would never return (and hold a pool thread).
  it('refuses a FIFO at once, and the pool is still free afterwards', async () => {
    const fifo = path.join(area.project, 'Editor.log')
    makeFifo(fifo)
    const attempts = Array.from({ length: 8 }, () => readRegularFile(fifo, { label: 'Editor.log' }))
    // Handlers on all eight at once: awaiting them one by one left the later ones rejected with
    // no handler yet, which Vitest reports as an unhandled error (seen once in CI).
    await Promise.all(attempts.map((a) => expect(a).rejects.toThrow('"Editor.log" is a FIFO (named pipe), not a regular file')))
    expect(() => readRegularFileSync(fifo)).toThrow(/FIFO/)
    fs.writeFileSync(path.join(area.project, 'b.txt'), 'b')
    expect((await fs.promises.readFile(path.join(area.project, 'b.txt'))).toString()).toBe('b')
  })

  it('refuses a socket, a device and a folder with a clear error', async () => {
    const server = await makeSocket(path.join(area.project, 'sock.png'))
    try {
      await expect(openRegularFile(path.join(area.project, 'sock.png'))).rejects.toEqual(expect.objectContaining({ code: 'invalid_argument' }))
    } finally {
      server.close()
    }
    await expect(readRegularFile('/dev/null')).rejects.toThrow('is a device')
    await expect(readRegularFile(area.project)).rejects.toThrow(/folder/)
  })

  it('refuses a link as the last component when asked not to follow', async () => {
    fs.symlinkSync(path.join(area.outside, 'victim.txt'), path.join(area.project, 'l.txt'))
    expect((await readRegularFile(path.join(area.project, 'l.txt'))).toString()).toBe('untouched\n')
    await expect(readRegularFile(path.join(area.project, 'l.txt'), { noFollow: true })).rejects.toEqual(expect.objectContaining({ code: 'forbidden_path' }))
  })
})
