/**
 * A small TGA decoder: Unity projects are full of .tga textures and libvips (sharp) does not read
 * them. Handles what texture tools write: true-colour 24/32-bit and greyscale 8-bit, uncompressed
 * or RLE (types 2, 3, 10, 11), bottom-up or top-down. Colour-mapped TGAs are rare in games and are
 * reported as unsupported. Returns RGBA pixels for sharp's raw input.
 *
 * Decoding runs on the main process's event loop, so it yields every 256k pixels: a 4096² texture
 * takes a few dozen short slices instead of one long block that would stall every API call.
 */
const SLICE = 1 << 18
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))
export interface DecodedImage {
  width: number
  height: number
  /** RGBA, top row first. */
  pixels: Buffer
}

export async function decodeTga(buf: Buffer): Promise<DecodedImage> {
  if (buf.length < 18) throw new Error('not a TGA file (too short)')
  const idLength = buf[0]
  const colorMapType = buf[1]
  const type = buf[2]
  const width = buf.readUInt16LE(12)
  const height = buf.readUInt16LE(14)
  const depth = buf[16]
  const descriptor = buf[17]
  if (colorMapType !== 0 || ![2, 3, 10, 11].includes(type)) throw new Error(`TGA image type ${type} is not supported (colour-mapped or unknown)`)
  const grey = type === 3 || type === 11
  const bpp = depth / 8
  if (grey ? depth !== 8 : depth !== 24 && depth !== 32) throw new Error(`TGA with ${depth} bits per pixel is not supported`)
  if (width === 0 || height === 0 || width * height > 16384 * 16384) throw new Error('TGA has no or too many pixels')
  const count = width * height
  const out = Buffer.alloc(count * 4)
  let src = 18 + idLength
  const put = (i: number, at: number) => {
    const o = i * 4
    if (grey) {
      out[o] = out[o + 1] = out[o + 2] = buf[at]
      out[o + 3] = 255
    } else {
      out[o] = buf[at + 2]
      out[o + 1] = buf[at + 1]
      out[o + 2] = buf[at]
      out[o + 3] = bpp === 4 ? buf[at + 3] : 255
    }
  }
  if (type === 2 || type === 3) {
    if (src + count * bpp > buf.length) throw new Error('TGA pixel data is truncated')
    for (let i = 0; i < count; i++, src += bpp) {
      put(i, src)
      if ((i & (SLICE - 1)) === SLICE - 1) await yieldNow()
    }
  } else {
    let i = 0
    let nextYield = SLICE
    while (i < count) {
      if (i >= nextYield) {
        nextYield += SLICE
        await yieldNow()
      }
      if (src >= buf.length) throw new Error('TGA RLE data is truncated')
      const header = buf[src++]
      const n = (header & 0x7f) + 1
      if (header & 0x80) {
        for (let k = 0; k < n && i < count; k++) put(i++, src)
        src += bpp
      } else {
        for (let k = 0; k < n && i < count; k++, src += bpp) put(i++, src)
      }
    }
  }
  // Bit 5 of the descriptor set = rows stored top-down; TGA's default is bottom-up.
  if (!(descriptor & 0x20)) {
    const row = width * 4
    const tmp = Buffer.alloc(row)
    for (let y = 0; y < height >> 1; y++) {
      const a = y * row
      const b = (height - 1 - y) * row
      out.copy(tmp, 0, a, a + row)
      out.copy(out, a, b, b + row)
      tmp.copy(out, b)
    }
  }
  return { width, height, pixels: out }
}
