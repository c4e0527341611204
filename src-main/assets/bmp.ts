/**
 * A BMP decoder: Unity imports .bmp and libvips (sharp) has no BMP reader. Handles what Windows,
 * OS/2 and image tools write: BITMAPCOREHEADER (12 bytes), BITMAPINFOHEADER (40) and its V2/V3/V4/V5
 * successors (52/56/108/124), OS/2 2.x headers (16–64); 1/2/4/8-bit colour tables, 16/24/32-bit
 * direct colour with the default layouts or BI_BITFIELDS / BI_ALPHABITFIELDS masks of any width,
 * BI_RLE8, BI_RLE4 and OS/2 RLE24; bottom-up and top-down rows. Returns RGBA pixels for sharp's raw
 * input, in the same shape as ./tga.ts.
 *
 * The bytes come from an untrusted project: every size is checked against the file before anything
 * is allocated, and every refusal is a sentence saying what is wrong. Like the TGA decoder it runs
 * on the main process's event loop, so it yields every 256k pixels.
 */
import type { DecodedImage } from './tga'

const SLICE = 1 << 18
const MAX_SIDE = 16384
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))

const BI_RGB = 0
const BI_RLE8 = 1
const BI_RLE4 = 2
const BI_BITFIELDS = 3
const BI_JPEG = 4
const BI_PNG = 5
const BI_ALPHABITFIELDS = 6
/** OS/2 2.x reuses 3 and 4 for its own schemes. */
const OS2_HUFFMAN = 3
const OS2_RLE24 = 4
/**
 * A 2-byte RLE run covers at most 255 pixels; delta escapes can skip more, but no encoder relies on
 * that for whole images. 1024 pixels per byte is 8× the best real run, and stops a 100-byte file from
 * making us allocate a 16384² image.
 */
const RLE_MAX_PIXELS_PER_BYTE = 1024

interface Channel {
  mask: number
  shift: number
  /** Shifted-down value → 0..255; a table for masks up to 16 bits wide, wider ones per pixel. */
  lut: Uint8Array | null
  to8: (v: number) => number
}

interface Layout {
  width: number
  height: number
  topDown: boolean
  bpp: number
  /** 'rle' covers RLE8, RLE4 and RLE24 (by bpp). */
  coding: 'indexed' | 'direct' | 'rle'
  channels: Channel[] | null
  /** RGBA entries. */
  palette: Uint8Array | null
  dataOffset: number
}

export async function decodeBmp(buf: Buffer): Promise<DecodedImage> {
  const h = readLayout(buf)
  const out = Buffer.alloc(h.width * h.height * 4)
  if (h.coding === 'rle') await decodeRle(buf, h, out)
  else await decodeRows(buf, h, out)
  return { width: h.width, height: h.height, pixels: out }
}

function readLayout(buf: Buffer): Layout {
  const magic = buf.toString('latin1', 0, 2)
  // Renamed files are common in projects: say what the file really is.
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x89504e47) throw new Error('this is a PNG file named .bmp: rename it to .png')
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) throw new Error('this is a JPEG file named .bmp: rename it to .jpg')
  if (['BA', 'CI', 'CP', 'IC', 'PT'].includes(magic)) throw new Error(`this is an OS/2 icon, pointer or bitmap array ("${magic}"), not a plain bitmap: save it as BMP or PNG`)
  if (magic !== 'BM') throw new Error('not a BMP file (it does not start with "BM")')
  if (buf.length < 26) throw new Error('the BMP file is truncated (too short for a BMP header)')
  let dataOffset = buf.readUInt32LE(10)
  const dibSize = buf.readUInt32LE(14)
  const core = dibSize === 12
  if (!core && dibSize < 16) throw new Error(`the BMP header size ${dibSize} is not one of a known BMP version`)
  if (14 + dibSize > buf.length) throw new Error('the BMP header is truncated')
  // Windows headers are 40, 52, 56, 108 or 124 bytes; any other size up to 64 is OS/2 2.x.
  const os2 = !core && dibSize <= 64 && ![40, 52, 56].includes(dibSize)
  const u32 = (at: number) => (at + 4 <= 14 + dibSize ? buf.readUInt32LE(at) : 0)
  const width = core ? buf.readUInt16LE(18) : buf.readInt32LE(18)
  const rawHeight = core ? buf.readUInt16LE(20) : buf.readInt32LE(22)
  const bpp = core ? buf.readUInt16LE(24) : buf.readUInt16LE(28)
  const compression = core ? BI_RGB : u32(30)
  const clrUsed = core ? 0 : u32(46)
  if (width <= 0) throw new Error(`the BMP has a width of ${width}`)
  if (rawHeight === 0) throw new Error('the BMP has a height of 0')
  const height = Math.abs(rawHeight)
  if (width * height > MAX_SIDE * MAX_SIDE) throw new Error(`the BMP is ${width}×${height}, over the ${MAX_SIDE}×${MAX_SIDE}-pixel limit`)

  let coding: Layout['coding']
  let maskCount = 0
  if (os2 && compression === OS2_HUFFMAN) throw new Error('OS/2 Huffman 1D compression (fax-style) is not supported: save the image as an uncompressed BMP or PNG')
  if (os2 && compression === OS2_RLE24) {
    coding = 'rle'
    if (bpp !== 24) throw new Error(`the BMP says RLE24 compression with ${bpp} bits per pixel`)
  } else if (compression === BI_RGB) {
    if (![1, 2, 4, 8, 16, 24, 32].includes(bpp)) throw new Error(`BMP with ${bpp} bits per pixel is not supported (1, 2, 4, 8, 16, 24 and 32 are)`)
    coding = bpp <= 8 ? 'indexed' : 'direct'
  } else if (compression === BI_RLE8 || compression === BI_RLE4) {
    const want = compression === BI_RLE8 ? 8 : 4
    if (bpp !== want) throw new Error(`the BMP says RLE${want} compression with ${bpp} bits per pixel (it needs ${want})`)
    coding = 'rle'
  } else if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    if (![16, 24, 32].includes(bpp)) throw new Error(`the BMP says bit-field colour masks with ${bpp} bits per pixel (16, 24 or 32 expected)`)
    coding = 'direct'
    maskCount = compression === BI_ALPHABITFIELDS ? 4 : 3
  } else if (compression === BI_JPEG || compression === BI_PNG) {
    throw new Error(`the BMP wraps a ${compression === BI_JPEG ? 'JPEG' : 'PNG'} (a printer-driver format): extract or re-save it as a plain ${compression === BI_JPEG ? 'JPEG' : 'PNG'} file`)
  } else if (compression >= 11 && compression <= 13) {
    throw new Error('CMYK BMPs are not supported: convert the image to RGB')
  } else {
    throw new Error(`BMP compression type ${compression} is not supported`)
  }

  // Masks live inside V2+ headers; after a 40-byte header they follow it as a separate table.
  let tableAt = 14 + dibSize
  let channels: Channel[] | null = null
  if (maskCount) {
    const inHeader = dibSize >= 40 + 4 * maskCount
    if (!inHeader && tableAt + 4 * maskCount > buf.length) throw new Error('the BMP colour masks are truncated')
    // In a header, u32 gives 0 for the alpha mask when the header is too short to have one (V2).
    const masks = [0, 1, 2, 3].map((i) => (inHeader ? u32(54 + 4 * i) : i < maskCount ? buf.readUInt32LE(tableAt + 4 * i) : 0))
    if (!inHeader) tableAt += 4 * maskCount
    // No colour mask at all is a writer's slip, not a black image: use the layout of BI_RGB.
    if (!masks[0] && !masks[1] && !masks[2]) masks.splice(0, 3, ...(bpp === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0xff00, 0xff]))
    // Mask bits beyond the pixel's width can never be set.
    channels = masks.map((mask) => channel(bpp < 32 ? mask & (2 ** bpp - 1) : mask))
  } else if (coding === 'direct') {
    // The defaults: 16-bit is 5-5-5, 24/32-bit is BGR(X). The 32-bit fourth byte is read as alpha,
    // and dropped later if every pixel has it at 0 (most writers leave it 0 and mean opaque).
    const defaults = bpp === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : [0xff0000, 0xff00, 0xff, bpp === 32 ? 0xff000000 : 0]
    channels = defaults.map(channel)
  }

  let palette: Uint8Array | null = null
  const paletteBits = coding === 'indexed' || (coding === 'rle' && bpp <= 8) ? bpp : 0
  if (paletteBits) {
    const entry = core ? 3 : 4
    let count = Math.min(clrUsed || 2 ** paletteBits, 2 ** paletteBits)
    // Old writers store fewer entries than 2^bpp and say so only through the pixel-data offset.
    if (dataOffset >= tableAt) count = Math.min(count, Math.floor((dataOffset - tableAt) / entry))
    if (count === 0) throw new Error('the BMP has no colour table before its pixel data')
    if (tableAt + count * entry > buf.length) throw new Error('the BMP colour table is truncated')
    palette = new Uint8Array(count * 4)
    for (let i = 0; i < count; i++) {
      const at = tableAt + i * entry
      palette.set([buf[at + 2], buf[at + 1], buf[at], 255], i * 4)
    }
    tableAt += count * entry
  }
  // Some writers leave the offset at 0: the pixels then start right after the tables.
  if (dataOffset === 0) dataOffset = tableAt
  if (dataOffset < 14 + dibSize) throw new Error(`the BMP pixel data offset (${dataOffset}) points inside the header`)
  if (dataOffset >= buf.length) throw new Error(`the BMP pixel data offset (${dataOffset}) is past the end of the ${buf.length}-byte file: it is truncated`)

  const available = buf.length - dataOffset
  if (coding === 'rle') {
    if (width * height > available * RLE_MAX_PIXELS_PER_BYTE) throw new Error(`${available} bytes of RLE data cannot describe a ${width}×${height} image: the header or the file is damaged`)
  } else {
    // The last row's padding may be missing; the pixels themselves may not.
    const need = rowBytes(width, bpp) * (height - 1) + Math.ceil((width * bpp) / 8)
    if (need > available) throw new Error(`the BMP pixel data is truncated: ${width}×${height} at ${bpp} bits needs ${need} bytes, the file has ${available} after the header`)
  }
  return { width, height, topDown: rawHeight < 0, bpp, coding, channels, palette, dataOffset }
}

/** Rows are padded to a multiple of 4 bytes. */
function rowBytes(width: number, bpp: number): number {
  return Math.floor((width * bpp + 31) / 32) * 4
}

/**
 * A contiguous n-bit channel is widened by repeating its bits (5-bit 0b00011 → 0b00011000 | 0b000 =
 * 24), which is what ImageMagick and most decoders do, and narrowed to its top 8 bits; a mask with
 * holes is scaled by its largest value.
 */
function channel(mask: number): Channel {
  mask >>>= 0
  if (!mask) return { mask: 0, shift: 0, lut: null, to8: () => 0 }
  const shift = 31 - Math.clz32(mask & -mask)
  const max = mask >>> shift
  const bits = 32 - Math.clz32(max)
  const contiguous = max === 2 ** bits - 1
  const to8 = (v: number) => {
    if (!contiguous) return Math.round((v * 255) / max)
    if (bits >= 8) return Math.floor(v / 2 ** (bits - 8))
    let r = 0
    let filled = 0
    for (; filled < 8; filled += bits) r = (r << bits) | v
    return r >>> (filled - 8)
  }
  const lut = max <= 0xffff ? Uint8Array.from({ length: max + 1 }, (_, v) => to8(v)) : null
  return { mask, shift, lut, to8 }
}

function scale(c: Channel, px: number): number {
  const v = (px & c.mask) >>> c.shift
  return c.lut ? c.lut[v] : c.to8(v)
}

/** Output row of stored row `s`: BMP stores the bottom row first unless the height is negative. */
function rowStart(h: Layout, s: number): number {
  return (h.topDown ? s : h.height - 1 - s) * h.width * 4
}

function paletteIndexError(index: number, palette: Uint8Array): Error {
  return new Error(`a BMP pixel uses colour ${index} but the colour table has only ${palette.length / 4} entries: the file is damaged`)
}

async function decodeRows(buf: Buffer, h: Layout, out: Buffer): Promise<void> {
  const { width, height, bpp, palette } = h
  const stride = rowBytes(width, bpp)
  const [r, g, b, a] = h.channels ?? []
  let sawAlpha = false
  let nextYield = SLICE
  for (let s = 0; s < height; s++) {
    let o = rowStart(h, s)
    const row = h.dataOffset + s * stride
    if (palette) {
      const per = 8 / bpp
      const bits = (1 << bpp) - 1
      for (let x = 0; x < width; x++, o += 4) {
        const i = (buf[row + Math.floor(x / per)] >> (8 - bpp * ((x % per) + 1))) & bits
        if (i * 4 >= palette.length) throw paletteIndexError(i, palette)
        out[o] = palette[i * 4]
        out[o + 1] = palette[i * 4 + 1]
        out[o + 2] = palette[i * 4 + 2]
        out[o + 3] = 255
      }
    } else {
      const size = bpp / 8
      for (let x = 0, at = row; x < width; x++, o += 4, at += size) {
        // Signed for 32 bits, which the masks and unsigned shifts in scale() do not mind.
        let px = buf[at] | (buf[at + 1] << 8)
        if (size > 2) px |= buf[at + 2] << 16
        if (size > 3) px |= buf[at + 3] << 24
        out[o] = scale(r, px)
        out[o + 1] = scale(g, px)
        out[o + 2] = scale(b, px)
        if (a.mask) {
          out[o + 3] = scale(a, px)
          if (out[o + 3]) sawAlpha = true
        } else out[o + 3] = 255
      }
    }
    if ((s + 1) * width >= nextYield) {
      nextYield += SLICE
      await yieldNow()
    }
  }
  // An alpha channel that is 0 everywhere is an unused byte, not an invisible image.
  if (a?.mask && !sawAlpha) for (let o = 3; o < out.length; o += 4) out[o] = 255
}

/**
 * RLE8/RLE4/RLE24: pairs of (count, value) runs and 0-escapes for end of line, end of bitmap, a
 * delta move and absolute runs (padded to 16 bits). Pixels the data never reaches stay transparent,
 * as browsers show them. Every step consumes input, so the loop ends with the data.
 */
async function decodeRle(buf: Buffer, h: Layout, out: Buffer): Promise<void> {
  const { width, height, bpp, palette } = h
  const truncated = () => new Error('the BMP RLE data is truncated (it ends before the end-of-bitmap marker)')
  const setIndex = (o: number, i: number) => {
    if (!palette || i * 4 >= palette.length) throw paletteIndexError(i, palette ?? new Uint8Array(0))
    out[o] = palette[i * 4]
    out[o + 1] = palette[i * 4 + 1]
    out[o + 2] = palette[i * 4 + 2]
    out[o + 3] = 255
  }
  const setBgr = (o: number, at: number) => {
    out[o] = buf[at + 2]
    out[o + 1] = buf[at + 1]
    out[o + 2] = buf[at]
    out[o + 3] = 255
  }
  let at = h.dataOffset
  let x = 0
  let s = 0
  let work = 0
  let nextYield = SLICE
  for (;;) {
    // Past the last row the image is complete: some writers end with an end-of-line, not end-of-bitmap.
    if (s >= height) return
    if (at + 2 > buf.length) {
      if (s === height - 1 && x >= width) return
      throw truncated()
    }
    const n = buf[at]
    const c = buf[at + 1]
    at += 2
    const o = rowStart(h, s) + x * 4
    if (n > 0) {
      // Encoded run. Some encoders give counts past the row's end: the extra pixels are dropped.
      const end = Math.min(x + n, width)
      if (bpp === 24) {
        if (at + 2 > buf.length) throw truncated()
        for (let k = 0; k < end - x; k++) setBgr(o + k * 4, at - 1)
        at += 2
      } else {
        for (let k = 0; k < end - x; k++) setIndex(o + k * 4, bpp === 8 ? c : k & 1 ? c & 15 : c >> 4)
      }
      x = end
      work += n
    } else if (c === 0) {
      x = 0
      s++
      work += width
    } else if (c === 1) {
      return
    } else if (c === 2) {
      if (at + 2 > buf.length) throw truncated()
      x += buf[at]
      s += buf[at + 1]
      at += 2
      if (x > width || s > height) throw new Error('a BMP RLE delta moves outside the image: the file is damaged')
    } else {
      // Absolute run of c pixels, stored as they are.
      const bytes = bpp === 8 ? c : bpp === 4 ? (c + 1) >> 1 : c * 3
      if (at + bytes > buf.length) throw truncated()
      if (x + c > width) throw new Error(`a BMP RLE run of ${c} pixels at x=${x} goes past the end of the ${width}-pixel row: the file is damaged`)
      for (let k = 0; k < c; k++) {
        if (bpp === 24) setBgr(o + k * 4, at + k * 3)
        else setIndex(o + k * 4, bpp === 8 ? buf[at + k] : k & 1 ? buf[at + (k >> 1)] & 15 : buf[at + (k >> 1)] >> 4)
      }
      at += bytes + (bytes & 1)
      x += c
      work += c
    }
    if (work >= nextYield) {
      nextYield += SLICE
      await yieldNow()
    }
  }
}
