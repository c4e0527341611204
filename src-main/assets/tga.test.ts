import { describe, expect, it } from 'vitest'
import { decodeTga } from './tga'

/** A 2×2 TGA: bottom-up, BGR(A); `rle` packs the bottom row as one run. */
function tga(opts: { depth: 24 | 32; rle: boolean; topDown?: boolean }): Buffer {
  const bpp = opts.depth / 8
  const header = Buffer.alloc(18)
  header[2] = opts.rle ? 10 : 2
  header.writeUInt16LE(2, 12)
  header.writeUInt16LE(2, 14)
  header[16] = opts.depth
  header[17] = opts.topDown ? 0x20 : 0
  const px = (b: number, g: number, r: number) => (bpp === 4 ? [b, g, r, 200] : [b, g, r])
  // stored rows: first stored row is the bottom (unless top-down)
  const red = px(0, 0, 255)
  const blue = px(255, 0, 0)
  const green = px(0, 255, 0)
  const body = opts.rle ? [0x81, ...red, 0x01, ...blue, ...green] : [...red, ...red, ...blue, ...green]
  return Buffer.concat([header, Buffer.from(body)])
}

describe('decodeTga', () => {
  it('decodes uncompressed 24-bit bottom-up into top-down RGBA', async () => {
    const img = await decodeTga(tga({ depth: 24, rle: false }))
    expect([img.width, img.height]).toEqual([2, 2])
    // top row = second stored row: blue, green; bottom row: red, red
    expect([...img.pixels.subarray(0, 8)]).toEqual([0, 0, 255, 255, 0, 255, 0, 255])
    expect([...img.pixels.subarray(8, 16)]).toEqual([255, 0, 0, 255, 255, 0, 0, 255])
  })

  it('decodes RLE 32-bit with alpha, and top-down images as they are', async () => {
    const img = await decodeTga(tga({ depth: 32, rle: true, topDown: true }))
    expect([...img.pixels.subarray(0, 8)]).toEqual([255, 0, 0, 200, 255, 0, 0, 200])
    expect([...img.pixels.subarray(8, 16)]).toEqual([0, 0, 255, 200, 0, 255, 0, 200])
  })

  it('refuses truncated and colour-mapped files with a reason', async () => {
    await expect(decodeTga(tga({ depth: 24, rle: false }).subarray(0, 25))).rejects.toThrow(/truncated/)
    const mapped = tga({ depth: 24, rle: false })
    mapped[1] = 1
    await expect(decodeTga(mapped)).rejects.toThrow(/not supported/)
  })
})
