import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { makeFifo } from '../testing/hostile-fs'
import { ThumbnailService } from './thumbnails'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-thumbs-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('ThumbnailService', () => {
  it('makes a PNG thumbnail of a real texture, then serves it from the disk cache', async () => {
    const svc = new ThumbnailService(path.join(dir, 'cache'))
    const rel = 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Sprites/Desert/Flat/desert-sliced_10.png'
    const abs = path.join(unityFixture('2d-techdemos'), rel)
    const first = await svc.get(abs, rel, 64)
    expect(first).toMatchObject({ width: 64, height: 63, format: 'png', reason: null, cached: false })
    expect(first.dataUrl).toMatch(/^data:image\/png;base64,/)
    const again = await new ThumbnailService(path.join(dir, 'cache')).get(abs, rel, 64)
    expect(again.cached).toBe(true)
    expect(again.dataUrl).toBe(first.dataUrl)
  })

  // The asset grid asks for thumbnails by itself: a FIFO named *.png used to block a libuv thread
  // for ever (four of them stalled every file call). Eight at once, then a real one still works.
  it('refuses a FIFO named *.png at once, and keeps serving real textures', async () => {
    const svc = new ThumbnailService(path.join(dir, 'cache'))
    const fifo = path.join(dir, 'Assets', 'icon.png')
    makeFifo(fifo)
    const results = await Promise.all(Array.from({ length: 8 }, () => svc.get(fifo, 'Assets/icon.png', 64)))
    for (const r of results) expect(r).toMatchObject({ dataUrl: null, reason: expect.stringContaining('FIFO') })
    const rel = 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Sprites/Desert/Flat/desert-sliced_10.png'
    expect((await svc.get(path.join(unityFixture('2d-techdemos'), rel), rel, 32)).reason).toBe(null)
  })

  it('says clearly when a texture is a Git LFS pointer', async () => {
    const svc = new ThumbnailService(path.join(dir, 'cache'))
    const rel = 'Assets/Textures/Flipbooks/WispySmoke03b_8x8.png'
    const t = await svc.get(path.join(unityFixture('BoatAttack'), rel), rel, 64)
    expect(t.dataUrl).toBeNull()
    expect(t.reason).toMatch(/Git LFS pointer/)
  })

  it('decodes TGA textures (sharp cannot)', async () => {
    const header = Buffer.alloc(18)
    header[2] = 2
    header.writeUInt16LE(1, 12)
    header.writeUInt16LE(1, 14)
    header[16] = 24
    const file = path.join(dir, 'red.tga')
    fs.writeFileSync(file, Buffer.concat([header, Buffer.from([0, 0, 255])]))
    const t = await new ThumbnailService(path.join(dir, 'cache')).get(file, 'red.tga', 64)
    expect(t).toMatchObject({ width: 1, height: 1, format: 'tga', reason: null })
  })

  it('decodes BMP textures (sharp cannot), and says why a damaged one has no preview', async () => {
    // BITMAPFILEHEADER + BITMAPINFOHEADER, 2×1 at 24 bits: one row of two BGR pixels padded to 8 bytes.
    const bmp = Buffer.alloc(54 + 8)
    bmp.write('BM', 'latin1')
    bmp.writeUInt32LE(bmp.length, 2)
    bmp.writeUInt32LE(54, 10)
    bmp.writeUInt32LE(40, 14)
    bmp.writeInt32LE(2, 18)
    bmp.writeInt32LE(1, 22)
    bmp.writeUInt16LE(1, 26)
    bmp.writeUInt16LE(24, 28)
    bmp.set([0, 0, 255, 255, 0, 0], 54)
    const file = path.join(dir, 'pair.bmp')
    fs.writeFileSync(file, bmp)
    const t = await new ThumbnailService(path.join(dir, 'cache')).get(file, 'pair.bmp', 64)
    expect(t).toMatchObject({ width: 2, height: 1, format: 'bmp', reason: null })
    const damaged = path.join(dir, 'damaged.bmp')
    fs.writeFileSync(damaged, bmp.subarray(0, 56))
    const d = await new ThumbnailService(path.join(dir, 'cache')).get(damaged, 'damaged.bmp', 64)
    expect(d).toMatchObject({ dataUrl: null, reason: expect.stringMatching(/^Could not decode the image: the BMP pixel data is truncated/) })
  })
})
