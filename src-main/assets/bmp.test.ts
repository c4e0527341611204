import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { decodeBmp } from './bmp'
import { processFile } from './processing/process-file'
import { mulberry32 } from '../testing/prng'

/**
 * The oracle is ImageMagick: it writes each BMP variant from a PNG with known pixels, and our
 * decode must give the PNG's pixels back (as sharp reads them), or, where the variant quantises
 * (1/4-bit palettes, 16-bit colour), ImageMagick's own decode of the same file. Variants it cannot
 * write (V2/V3/V4 headers, OS/2 2.x, top-down, 32-bit BI_RGB, BI_ALPHABITFIELDS, RLE4) are made by
 * editing its output byte by byte, so the pixels stay the ones it wrote.
 */
const hasMagick = (() => {
  try {
    execFileSync('convert', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bmp-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))


const W = 29 // odd, so 24-bit rows carry padding and 4/1-bit rows end mid-byte
const H = 13

/** RGBA: rows of runs (so RLE has both repeats and literals) in 40 colours (so 8-bit is lossless). */
function sourcePixels(alpha: boolean): Buffer {
  const rand = mulberry32(7)
  const colours = Array.from({ length: 40 }, () => [0, 0, 0].map(() => Math.floor(rand() * 256)))
  const alphas = [0, 37, 128, 200, 255, 255]
  const px = Buffer.alloc(W * H * 4)
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; ) {
      const c = colours[Math.floor(rand() * colours.length)]
      const a = alpha ? alphas[Math.floor(rand() * alphas.length)] : 255
      for (let n = 1 + Math.floor(rand() * (rand() < 0.5 ? 2 : 9)); n > 0 && x < W; n--, x++) px.set([...c, a], (y * W + x) * 4)
    }
  }
  return px
}

const magick = (args: string[]) => execFileSync('convert', args, { maxBuffer: 64 << 20 })
/** ImageMagick's own decode, as RGBA bytes. */
const magickRgba = (file: string) => magick([file, '-depth', '8', 'rgba:-'])
const header = (b: Buffer) => {
  const dib = b.readUInt32LE(14)
  return dib === 12 ? [12, b.readUInt16LE(24), 0] : [dib, b.readUInt16LE(28), b.readUInt32LE(30)]
}

/** A BMP file's parts, and the file put back together from (possibly edited) parts. */
function split(file: Buffer) {
  const off = file.readUInt32LE(10)
  const dibSize = file.readUInt32LE(14)
  return { dib: Buffer.from(file.subarray(14, 14 + dibSize)), tables: Buffer.from(file.subarray(14 + dibSize, off)), pixels: Buffer.from(file.subarray(off)) }
}
function assemble(dib: Buffer, tables: Buffer, pixels: Buffer): Buffer {
  const fh = Buffer.alloc(14)
  fh.write('BM', 'latin1')
  const off = 14 + dib.length + tables.length
  fh.writeUInt32LE(off + pixels.length, 2)
  fh.writeUInt32LE(off, 10)
  dib.writeUInt32LE(dib.length, 0)
  return Buffer.concat([fh, dib, tables, pixels])
}

async function decoded(b: Buffer): Promise<Buffer> {
  const img = await decodeBmp(b)
  expect([img.width, img.height]).toEqual([W, H])
  return img.pixels
}

describe.skipIf(!hasMagick)('decodeBmp against ImageMagick (convert)', () => {
  let opaque: string
  let alpha: string
  let opaquePx: Buffer
  let alphaPx: Buffer
  const files = new Map<string, Buffer>()
  /** Writes `src` as `spec` (e.g. BMP3:) with ImageMagick and checks the header it chose. */
  const write = (name: string, src: string, args: string[], spec: string, expectHeader: number[]) => {
    const out = path.join(dir, `${name}.bmp`)
    magick([src, ...args, `${spec}${out}`])
    const b = fs.readFileSync(out)
    expect(header(b), `${name}: header size, bits, compression`).toEqual(expectHeader)
    files.set(name, b)
    return { file: out, b }
  }

  beforeAll(async () => {
    opaquePx = sourcePixels(false)
    alphaPx = sourcePixels(true)
    opaque = path.join(dir, 'opaque.png')
    alpha = path.join(dir, 'alpha.png')
    await sharp(opaquePx, { raw: { width: W, height: H, channels: 4 } }).removeAlpha().png().toFile(opaque)
    await sharp(alphaPx, { raw: { width: W, height: H, channels: 4 } }).png().toFile(alpha)
    // What sharp reads back is the reference, not what we meant to write.
    expect(await sharp(opaque).ensureAlpha().raw().toBuffer()).toEqual(opaquePx)
    expect(await sharp(alpha).raw().toBuffer()).toEqual(alphaPx)
  })

  it.each([
    ['24-bit, BITMAPINFOHEADER', ['-type', 'TrueColor'], 'BMP3:', [40, 24, 0]],
    ['24-bit, BITMAPCOREHEADER', ['-type', 'TrueColor'], 'BMP2:', [12, 24, 0]],
    ['24-bit, V5 header', ['-type', 'TrueColor'], 'BMP:', [124, 24, 0]],
    ['8-bit palette', ['-type', 'Palette', '-compress', 'None'], 'BMP3:', [40, 8, 0]],
    ['8-bit palette, core header (3-byte entries)', ['-type', 'Palette'], 'BMP2:', [12, 8, 0]],
    ['RLE8', ['-type', 'Palette', '-compress', 'RLE'], 'BMP3:', [40, 8, 1]],
  ])('%s gives back the source pixels exactly', async (name, args, spec, expectHeader) => {
    const { b } = write(name, opaque, args, spec, expectHeader)
    expect(await decoded(b)).toEqual(opaquePx)
  })

  it('RLE8 really is run-length coded (smaller than the plain 8-bit file)', () => {
    expect(files.get('RLE8')!.length).toBeLessThan(files.get('8-bit palette')!.length)
  })

  it('32-bit BI_BITFIELDS with alpha (V5) gives back colour and alpha exactly', async () => {
    const { b } = write('v5-32', alpha, [], 'BMP:', [124, 32, 3])
    expect(await decoded(b)).toEqual(alphaPx)
  })

  it('a real Unity sprite with alpha (2d-techdemos) round-trips through a V5 BMP', async () => {
    const png = path.join(unityFixture('2d-techdemos'), 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Sprites/Desert/Flat/desert-sliced_10.png')
    const out = path.join(dir, 'sprite.bmp')
    magick([png, '-type', 'TrueColorAlpha', `BMP:${out}`])
    const img = await decodeBmp(fs.readFileSync(out))
    const ref = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    expect([img.width, img.height]).toEqual([ref.info.width, ref.info.height])
    expect(img.pixels).toEqual(ref.data)
  })

  it.each([
    ['4-bit palette', ['-colors', '16'], 'BMP3:', [40, 4, 0]],
    ['4-bit palette, core header', ['-colors', '16'], 'BMP2:', [12, 4, 0]],
    ['1-bit monochrome', ['-monochrome'], 'BMP3:', [40, 1, 0]],
    ['16-bit RGB565 bit fields', ['-type', 'TrueColor', '-define', 'bmp:subtype=RGB565'], 'BMP:', [124, 16, 3]],
    ['16-bit RGB555 bit fields', ['-type', 'TrueColor', '-define', 'bmp:subtype=RGB555'], 'BMP:', [124, 16, 3]],
  ])('%s matches ImageMagick’s decode of the same file', async (name, args, spec, expectHeader) => {
    const { file, b } = write(name, opaque, args, spec, expectHeader)
    expect(await decoded(b)).toEqual(magickRgba(file))
  })

  it('16-bit ARGB4444 matches the 4-bit values ImageMagick wrote', async () => {
    const { file, b } = write('argb4444', alpha, ['-define', 'bmp:subtype=ARGB4444'], 'BMP:', [124, 16, 3])
    // ImageMagick 6 widens 4-bit channels as v·16 (15 → 240), not to the full range; compare the
    // 4-bit values, widened exactly (v·17).
    expect(await decoded(b)).toEqual(Buffer.from([...magickRgba(file)].map((v) => (v >> 4) * 17)))
  })

  it('top-down rows (negative height) give the same image', async () => {
    const { dib, pixels } = split(files.get('24-bit, BITMAPINFOHEADER')!)
    const stride = Math.ceil((W * 3) / 4) * 4
    const flipped = Buffer.concat(Array.from({ length: H }, (_, s) => pixels.subarray((H - 1 - s) * stride, (H - s) * stride)))
    dib.writeInt32LE(-H, 8)
    expect(await decoded(assemble(dib, Buffer.alloc(0), flipped))).toEqual(opaquePx)
  })

  it('V4, V3 and V2 headers (the V5 file cut short) read the masks from the header', async () => {
    const { dib, pixels } = split(files.get('v5-32')!)
    for (const size of [108, 56]) expect(await decoded(assemble(Buffer.from(dib.subarray(0, size)), Buffer.alloc(0), pixels))).toEqual(alphaPx)
    // V2 has no alpha mask: the image is opaque.
    const opaqueColours = Buffer.from(alphaPx.map((v, i) => (i % 4 === 3 ? 255 : v)))
    expect(await decoded(assemble(Buffer.from(dib.subarray(0, 52)), Buffer.alloc(0), pixels))).toEqual(opaqueColours)
  })

  it('BITMAPINFOHEADER with the masks after it: BI_BITFIELDS (RGB565) and BI_ALPHABITFIELDS', async () => {
    const v5 = split(files.get('16-bit RGB565 bit fields')!)
    const rgb565 = assemble(Buffer.from(v5.dib.subarray(0, 40)), Buffer.from(v5.dib.subarray(40, 52)), v5.pixels)
    expect(await decoded(rgb565)).toEqual(magickRgba(path.join(dir, '16-bit RGB565 bit fields.bmp')))
    const v5a = split(files.get('v5-32')!)
    const dib = Buffer.from(v5a.dib.subarray(0, 40))
    dib.writeUInt32LE(6, 16)
    expect(await decoded(assemble(dib, Buffer.from(v5a.dib.subarray(40, 56)), v5a.pixels))).toEqual(alphaPx)
  })

  it('32-bit BI_RGB: an all-zero fourth byte is opaque, a used one is alpha', async () => {
    const plain = split(files.get('24-bit, BITMAPINFOHEADER')!)
    const stride = Math.ceil((W * 3) / 4) * 4
    const bgrx = Buffer.alloc(W * H * 4)
    for (let s = 0; s < H; s++) for (let x = 0; x < W; x++) plain.pixels.copy(bgrx, (s * W + x) * 4, s * stride + x * 3, s * stride + x * 3 + 3)
    plain.dib.writeUInt16LE(32, 14)
    expect(await decoded(assemble(plain.dib, Buffer.alloc(0), bgrx))).toEqual(opaquePx)
    const v5a = split(files.get('v5-32')!)
    const dib = Buffer.from(v5a.dib.subarray(0, 40))
    dib.writeUInt32LE(0, 16)
    expect(await decoded(assemble(dib, Buffer.alloc(0), v5a.pixels))).toEqual(alphaPx)
  })

  it('OS/2 2.x headers (64 and 16 bytes) read like BITMAPINFOHEADER', async () => {
    const { dib, pixels } = split(files.get('24-bit, BITMAPINFOHEADER')!)
    expect(await decoded(assemble(Buffer.concat([dib, Buffer.alloc(24)]), Buffer.alloc(0), pixels))).toEqual(opaquePx)
    expect(await decoded(assemble(Buffer.from(dib.subarray(0, 16)), Buffer.alloc(0), pixels))).toEqual(opaquePx)
  })

  it('RLE4 (which ImageMagick reads but does not write): the 4-bit file re-coded, checked by ImageMagick too', async () => {
    const plain = files.get('4-bit palette')!
    const { dib, tables, pixels } = split(plain)
    const stride = Math.ceil(W / 8) * 4
    const rows = Array.from({ length: H }, (_, s) => Array.from({ length: W }, (_, x) => (pixels[s * stride + (x >> 1)] >> (x & 1 ? 0 : 4)) & 15))
    dib.writeUInt32LE(2, 16)
    const rle = assemble(dib, tables, encodeRle4(rows))
    const file = path.join(dir, 'rle4.bmp')
    fs.writeFileSync(file, rle)
    const reference = magickRgba(path.join(dir, '4-bit palette.bmp'))
    expect(magickRgba(file)).toEqual(reference)
    expect(await decoded(rle)).toEqual(reference)
  })

  it('processes a BMP to PNG through the texture pipeline, and refuses a damaged one with the reason', async () => {
    const file = path.join(dir, 'Wall.bmp')
    fs.writeFileSync(file, files.get('RLE8')!)
    const r = await processFile(file, { format: 'png' })
    expect(r.before).toMatchObject({ width: W, height: H })
    expect(r.outputs[0].figures).toMatchObject({ width: W, height: H })
    expect(await sharp(r.outputs[0].data).ensureAlpha().raw().toBuffer()).toEqual(opaquePx)
    const resized = await processFile(file, { format: 'webp', texture: { resize: 8 } })
    expect(resized.outputs[0].figures).toMatchObject({ width: 8, height: 4 })
    fs.writeFileSync(file, files.get('24-bit, BITMAPINFOHEADER')!.subarray(0, 300))
    await expect(processFile(file, { format: 'png' })).rejects.toThrow(/^cannot read the BMP: the BMP pixel data is truncated/)
  })
})

/** A plain RLE4 encoder: runs of a repeated index as encoded pairs, the rest in absolute mode. */
function encodeRle4(rows: number[][]): Buffer {
  const out: number[] = []
  for (const row of rows) {
    for (let x = 0; x < row.length; ) {
      let run = 1
      while (x + run < row.length && run < 255 && row[x + run] === row[x]) run++
      if (run >= 2) {
        out.push(run, (row[x] << 4) | row[x])
        x += run
        continue
      }
      let lit = 1
      while (x + lit < row.length && lit < 255 && row[x + lit] !== row[x + lit - 1] && row[x + lit + 1] !== row[x + lit]) lit++
      if (lit < 3) {
        out.push(lit, (row[x] << 4) | (lit === 2 ? row[x + 1] : 0))
      } else {
        const bytes: number[] = []
        for (let k = 0; k < lit; k += 2) bytes.push((row[x + k] << 4) | (k + 1 < lit ? row[x + k + 1] : 0))
        out.push(0, lit, ...bytes, ...(bytes.length & 1 ? [0] : []))
      }
      x += lit
    }
    out.push(0, 0)
  }
  out.push(0, 1)
  return Buffer.from(out)
}
