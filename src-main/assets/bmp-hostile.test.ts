import { describe, expect, it } from 'vitest'
import { decodeBmp } from './bmp'
import { mulberry32 } from '../testing/prng'

/**
 * Hand-made BMPs: what ImageMagick cannot write (2-bit, RLE24, RLE escapes, wide and odd masks),
 * and what a damaged or hostile file looks like. bmp.test.ts checks the common variants against
 * ImageMagick.
 */
interface Spec {
  width: number
  height: number
  bpp: number
  compression?: number
  dibSize?: number
  clrUsed?: number
  /** Written at header offset 40 (V2+ headers). */
  masks?: number[]
  /** Colour table or mask table after the header. */
  tables?: number[]
  pixels: number[] | Buffer
  dataOffset?: number
}

function bmp(s: Spec): Buffer {
  const dib = Buffer.alloc(s.dibSize ?? 40)
  dib.writeUInt32LE(dib.length, 0)
  if (dib.length === 12) {
    dib.writeUInt16LE(s.width, 4)
    dib.writeUInt16LE(s.height, 6)
    dib.writeUInt16LE(1, 8)
    dib.writeUInt16LE(s.bpp, 10)
  } else {
    dib.writeInt32LE(s.width, 4)
    dib.writeInt32LE(s.height, 8)
    dib.writeUInt16LE(1, 12)
    if (dib.length >= 16) dib.writeUInt16LE(s.bpp, 14)
    if (dib.length >= 20) dib.writeUInt32LE(s.compression ?? 0, 16)
    if (dib.length >= 36) dib.writeUInt32LE(s.clrUsed ?? 0, 32)
    s.masks?.forEach((m, i) => dib.writeUInt32LE(m >>> 0, 40 + 4 * i))
  }
  const tables = Buffer.from(s.tables ?? [])
  const fh = Buffer.alloc(14)
  fh.write('BM', 'latin1')
  fh.writeUInt32LE(s.dataOffset ?? 14 + dib.length + tables.length, 10)
  return Buffer.concat([fh, dib, tables, Buffer.from(s.pixels)])
}

/** BGRX colour-table entries. */
const table = (...rgb: number[][]) => rgb.flatMap(([r, g, b]) => [b, g, r, 0])
const RED = [255, 0, 0]
const GREEN = [0, 255, 0]
const BLUE = [0, 0, 255]
const rgba = async (b: Buffer) => [...(await decodeBmp(b)).pixels]
const T = [0, 0, 0, 0]
const op = (c: number[]) => [...c, 255]


describe('decodeBmp on hand-made variants', () => {
  it('2-bit palette, rows ending mid-byte and padded to 4 bytes', async () => {
    // 5×1: indices 0 1 2 3 | 1 → 0b00011011, 0b01000000, then 2 bytes of padding
    const b = bmp({ width: 5, height: 1, bpp: 2, tables: table(RED, GREEN, BLUE, [9, 9, 9]), pixels: [0x1b, 0x40, 0, 0] })
    expect(await rgba(b)).toEqual([RED, GREEN, BLUE, [9, 9, 9], GREEN].flatMap(op))
  })

  it('32-bit 10-10-10-2 masks in a V3 header keep the top 8 bits; a 2-bit alpha widens to 0/85/170/255', async () => {
    const px = Buffer.alloc(8)
    const ten = (v: number) => (v << 2) | (v >> 6)
    px.writeUInt32LE(((3 << 30) | (ten(200) << 20) | (ten(17) << 10) | ten(99)) >>> 0, 0)
    px.writeUInt32LE(((1 << 30) | (ten(1) << 20) | (ten(255) << 10) | ten(0)) >>> 0, 4)
    const b = bmp({ width: 2, height: 1, bpp: 32, compression: 3, dibSize: 56, masks: [0x3ff00000, 0xffc00, 0x3ff, 0xc0000000], pixels: px })
    expect(await rgba(b)).toEqual([200, 17, 99, 255, 1, 255, 0, 85])
  })

  it('bit fields with every colour mask 0 fall back to the BI_RGB layout', async () => {
    const b = bmp({ width: 1, height: 1, bpp: 16, compression: 3, tables: Array(12).fill(0), pixels: [0x1f, 0x7c] })
    expect(await rgba(b)).toEqual([255, 0, 255, 255])
  })

  it('masks wider than 16 bits and masks with holes', async () => {
    const px = Buffer.alloc(4)
    px.writeUInt32LE(0xab123455, 0)
    // red: 24 bits (0xab1234 → top byte 0xab); green: bits 0,2,4,6 all set (0x55) → full; blue: none
    const b = bmp({ width: 1, height: 1, bpp: 32, compression: 3, tables: [0x00, 0xff, 0xff, 0xff, 0x55, 0, 0, 0, 0, 0, 0, 0], pixels: px })
    expect(await rgba(b)).toEqual([0xab, 255, 0, 255])
  })

  it('RLE8 escapes: end of line, delta, absolute runs with padding, end of bitmap; skipped pixels are transparent', async () => {
    const pixels = [2, 0, 0, 0, /* row 1 */ 0, 2, 2, 0, 2, 1, 0, 0, /* row 2 */ 0, 3, 2, 2, 2, 0, 0, 1]
    const b = bmp({ width: 4, height: 3, bpp: 8, compression: 1, clrUsed: 3, tables: table(RED, GREEN, BLUE), pixels })
    // Top row first: stored row 2, then 1, then 0.
    expect(await rgba(b)).toEqual([op(BLUE), op(BLUE), op(BLUE), T, T, T, op(GREEN), op(GREEN), op(RED), op(RED), T, T].flat())
  })

  it('RLE4 alternates nibbles; an encoded run longer than the row is cut at its end', async () => {
    const b = bmp({ width: 3, height: 1, bpp: 4, compression: 2, clrUsed: 3, tables: table(RED, GREEN, BLUE), pixels: [9, 0x12, 0, 1] })
    expect(await rgba(b)).toEqual([GREEN, BLUE, GREEN].flatMap(op))
  })

  it('OS/2 2.x RLE24: encoded and absolute runs', async () => {
    const pixels = [2, 30, 20, 10, 0, 0, /* row 1 */ 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 1]
    const b = bmp({ width: 3, height: 2, bpp: 24, compression: 4, dibSize: 64, pixels })
    expect(await rgba(b)).toEqual([[3, 2, 1], [6, 5, 4], [9, 8, 7], [10, 20, 30], [10, 20, 30]].map(op).concat([T]).flat())
  })

  it('a short colour table that only the pixel offset reveals, and a zero pixel offset', async () => {
    // clrUsed 0 means 256 entries, but the offset leaves room for 2: index 1 is green, index 5 is refused.
    const short = bmp({ width: 1, height: 1, bpp: 8, tables: table(RED, GREEN), pixels: [1, 0, 0, 0] })
    expect(await rgba(short)).toEqual(op(GREEN))
    await expect(decodeBmp(bmp({ width: 1, height: 1, bpp: 8, tables: table(RED, GREEN), pixels: [5, 0, 0, 0] }))).rejects.toThrow(/uses colour 5 but the colour table has only 2 entries/)
    const zero = bmp({ width: 1, height: 1, bpp: 8, clrUsed: 2, tables: table(RED, GREEN), pixels: [1, 0, 0, 0], dataOffset: 0 })
    expect(await rgba(zero)).toEqual(op(GREEN))
  })
})

describe('decodeBmp on damaged and hostile files', () => {
  const px24 = [0, 0, 255, 0]
  it.each<[string, Buffer, RegExp]>([
    ['a PNG named .bmp', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), /PNG file named \.bmp: rename it/],
    ['a text file', Buffer.from('version https://git-lfs.github.com/spec/v1\n'), /not a BMP file \(it does not start with "BM"\)/],
    ['an OS/2 bitmap array', Buffer.concat([Buffer.from('BA'), bmp({ width: 1, height: 1, bpp: 24, pixels: px24 }).subarray(2)]), /OS\/2 icon, pointer or bitmap array/],
    ['a file of 20 bytes', bmp({ width: 1, height: 1, bpp: 24, pixels: px24 }).subarray(0, 20), /truncated \(too short/],
    ['a V5 header cut short', bmp({ width: 1, height: 1, bpp: 24, dibSize: 124, pixels: [] }).subarray(0, 60), /header is truncated/],
    ['an unknown header size', bmp({ width: 1, height: 1, bpp: 24, dibSize: 14, pixels: px24 }), /header size 14/],
    ['width 0', bmp({ width: 0, height: 1, bpp: 24, pixels: px24 }), /width of 0/],
    ['a negative width', bmp({ width: -5, height: 1, bpp: 24, pixels: px24 }), /width of -5/],
    ['height 0', bmp({ width: 1, height: 0, bpp: 24, pixels: px24 }), /height of 0/],
    ['64 bits per pixel', bmp({ width: 1, height: 1, bpp: 64, pixels: Buffer.alloc(8) }), /64 bits per pixel is not supported/],
    ['7 bits per pixel', bmp({ width: 1, height: 1, bpp: 7, pixels: px24 }), /7 bits per pixel is not supported/],
    ['RLE8 with 4 bits per pixel', bmp({ width: 1, height: 1, bpp: 4, compression: 1, pixels: [0, 1] }), /RLE8 compression with 4 bits per pixel/],
    ['bit fields on 8 bits per pixel', bmp({ width: 1, height: 1, bpp: 8, compression: 3, pixels: [0, 1] }), /bit-field colour masks with 8 bits/],
    ['an embedded PNG', bmp({ width: 1, height: 1, bpp: 0, compression: 5, pixels: [0x89, 0x50] }), /wraps a PNG/],
    ['an embedded JPEG', bmp({ width: 1, height: 1, bpp: 0, compression: 4, pixels: [0xff, 0xd8] }), /wraps a JPEG/],
    ['OS/2 Huffman', bmp({ width: 1, height: 1, bpp: 1, compression: 3, dibSize: 64, pixels: [0, 0] }), /Huffman/],
    ['CMYK', bmp({ width: 1, height: 1, bpp: 32, compression: 11, pixels: [0, 0, 0, 0] }), /CMYK/],
    ['an unknown compression', bmp({ width: 1, height: 1, bpp: 24, compression: 99, pixels: px24 }), /compression type 99/],
    ['100000×100000 pixels', bmp({ width: 100000, height: 100000, bpp: 24, pixels: px24 }), /over the 16384×16384-pixel limit/],
    ['2³¹−1 × −2³¹ pixels', bmp({ width: 0x7fffffff, height: -0x80000000, bpp: 1, pixels: px24 }), /over the 16384×16384-pixel limit/],
    ['16384² pixels in 4 bytes', bmp({ width: 16384, height: -16384, bpp: 24, pixels: px24 }), /pixel data is truncated: 16384×16384 at 24 bits needs 805306368 bytes, the file has 4/],
    ['16384² RLE pixels in 2 bytes', bmp({ width: 16384, height: 16384, bpp: 8, compression: 1, clrUsed: 1, tables: table(RED), pixels: [0, 1] }), /2 bytes of RLE data cannot describe a 16384×16384 image/],
    ['a pixel offset past the end', bmp({ width: 1, height: 1, bpp: 24, pixels: px24, dataOffset: 5000 }), /offset \(5000\) is past the end/],
    ['a pixel offset inside the header', bmp({ width: 1, height: 1, bpp: 24, pixels: px24, dataOffset: 20 }), /points inside the header/],
    ['a truncated colour table', bmp({ width: 1, height: 1, bpp: 8, clrUsed: 256, tables: table(RED), pixels: [], dataOffset: 54 + 1024 }), /colour table is truncated/],
    ['a missing colour table', bmp({ width: 1, height: 1, bpp: 8, pixels: [0, 0, 0, 0] }), /no colour table/],
    ['truncated bit-field masks', bmp({ width: 1, height: 1, bpp: 16, compression: 3, pixels: [1, 2] }), /masks are truncated/],
    ['an 8-bit index past the colour table', bmp({ width: 2, height: 1, bpp: 8, clrUsed: 2, tables: table(RED, GREEN), pixels: [1, 2, 0, 0] }), /uses colour 2 but the colour table has only 2 entries/],
  ])('refuses %s', async (_name, file, message) => {
    await expect(decodeBmp(file)).rejects.toThrow(message)
  })

  const rle8 = (pixels: number[], width = 4, height = 2) => bmp({ width, height, bpp: 8, compression: 1, clrUsed: 3, tables: table(RED, GREEN, BLUE), pixels })
  it.each<[string, Buffer, RegExp]>([
    ['an absolute run past the row', rle8([2, 0, 0, 3, 1, 1, 1, 0, 0, 1]), /run of 3 pixels at x=2 goes past the end of the 4-pixel row/],
    ['a delta out of the image', rle8([0, 2, 1, 7, 0, 1]), /delta moves outside the image/],
    ['a delta past the row', rle8([0, 2, 9, 0, 0, 1]), /delta moves outside the image/],
    ['no end-of-bitmap marker', rle8([2, 0, 0, 0, 1, 0]), /RLE data is truncated/],
    ['an absolute run cut off', rle8([0, 4, 1, 1], 4, 1), /RLE data is truncated/],
    ['a run of a colour not in the table', rle8([2, 7, 0, 1]), /uses colour 7/],
    ['an absolute RLE4 index not in the table', bmp({ width: 4, height: 1, bpp: 4, compression: 2, clrUsed: 2, tables: table(RED, GREEN), pixels: [0, 3, 0x01, 0x50, 0, 1] }), /uses colour 5/],
  ])('refuses RLE with %s', async (_name, file, message) => {
    await expect(decodeBmp(file)).rejects.toThrow(message)
  })

  /** Valid files of each coding, the base for truncation and corruption. */
  function samples(): Buffer[] {
    const rand = mulberry32(1)
    const bytes = (n: number, max = 256) => Array.from({ length: n }, () => Math.floor(rand() * max))
    const pal = bytes(16 * 4)
    const rle: number[] = []
    for (let s = 0; s < 9; s++) rle.push(5, s % 16, 0, 6, ...bytes(6, 16), 0, 0)
    rle.push(0, 1)
    return [
      bmp({ width: 11, height: 9, bpp: 24, pixels: bytes(36 * 9) }),
      bmp({ width: 11, height: -9, bpp: 8, clrUsed: 16, tables: pal, pixels: bytes(12 * 9, 16) }),
      bmp({ width: 11, height: 9, bpp: 4, clrUsed: 16, tables: pal, pixels: bytes(8 * 9, 256) }),
      bmp({ width: 11, height: 9, bpp: 8, compression: 1, clrUsed: 16, tables: pal, pixels: rle }),
      bmp({ width: 11, height: 9, bpp: 32, compression: 3, dibSize: 124, masks: [0xff0000, 0xff00, 0xff, 0xff000000], pixels: bytes(44 * 9) }),
      bmp({ width: 11, height: 9, bpp: 16, compression: 3, tables: [0, 0xf8, 0, 0, 0xe0, 0x07, 0, 0, 0x1f, 0, 0, 0], pixels: bytes(24 * 9) }),
      bmp({ width: 11, height: 9, bpp: 24, dibSize: 12, pixels: bytes(36 * 9) }),
    ]
  }

  /** Either a complete image, or a plain Error with a sentence (no RangeError from a Buffer read). */
  async function decodesOrRefuses(b: Buffer): Promise<'ok' | 'refused'> {
    try {
      const img = await decodeBmp(b)
      expect(img.pixels.length).toBe(img.width * img.height * 4)
      return 'ok'
    } catch (e) {
      expect((e as Error).constructor, String(e)).toBe(Error)
      expect((e as Error).message).toMatch(/\w+ \w+ \w+/)
      return 'refused'
    }
  }

  it('every file cut at every length decodes or is refused with a reason', async () => {
    for (const full of samples()) {
      expect(await decodesOrRefuses(full)).toBe('ok')
      for (let n = 0; n < full.length; n++) await decodesOrRefuses(full.subarray(0, n))
      // Cut inside the header or the pixels: refused (only the last row's padding may be missing).
      await expect(decodeBmp(full.subarray(0, 40))).rejects.toThrow(/truncated|too short/)
    }
  })

  it('random corruption over 2000 seeded cases never crashes, hangs or throws anything but a plain Error', async () => {
    const bases = samples()
    const seen = { ok: 0, refused: 0 }
    for (let seed = 0; seed < 2000; seed++) {
      const rand = mulberry32(seed)
      const b = Buffer.from(bases[seed % bases.length])
      // Mostly the headers and tables, where the sizes and offsets live.
      for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) b[Math.floor(rand() * (rand() < 0.7 ? Math.min(b.length, 80) : b.length))] = Math.floor(rand() * 256)
      seen[await decodesOrRefuses(rand() < 0.2 ? b.subarray(0, Math.floor(rand() * b.length)) : b)]++
    }
    expect(seen.ok).toBeGreaterThan(100)
    expect(seen.refused).toBeGreaterThan(100)
  })
})
