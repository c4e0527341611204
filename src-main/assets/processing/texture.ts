import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp'
import { OWN_DECODERS } from '../own-decoders'
import { extOf } from './detect'
import { AssetInputError, type ProcessedAsset, type TextureFormat, type TextureOptions } from './types'

/**
 * Textures: sharp (libvips) for decoding, resizing and PNG/JPEG/WebP; the Basis Universal encoder
 * from `ktx2-encoder` (its WASM build, which runs in Node 20 here) for KTX2 in ETC1S or UASTC, so no
 * native tool has to be installed. TGA and BMP are read with SLATE's own decoders (libvips reads
 * neither) and handed to sharp as raw RGBA.
 */
type Ktx2Module = typeof import('ktx2-encoder')
let ktx2: Promise<Ktx2Module> | null = null
function loadKtx2(): Promise<Ktx2Module> {
  // ESM-only package; loaded on first use so a PNG-only batch never starts the WASM.
  ktx2 ??= import('ktx2-encoder')
  return ktx2
}

/** The nearest power of two (ties go up), at least 1. */
export function nearestPowerOfTwo(n: number): number {
  if (n <= 1) return 1
  const lower = 2 ** Math.floor(Math.log2(n))
  return n - lower < lower * 2 - n ? lower : lower * 2
}

/** The size after resize: never enlarges; cover = the square side; then optional power of two. */
export function targetSize(w: number, h: number, o: TextureOptions): { width: number; height: number } {
  let width = w
  let height = h
  if (o.resize && o.resize > 0) {
    if (o.fit === 'cover') {
      const side = Math.min(o.resize, w, h)
      width = side
      height = side
    } else {
      const k = Math.min(1, o.resize / Math.max(w, h))
      width = Math.max(1, Math.round(w * k))
      height = Math.max(1, Math.round(h * k))
    }
  }
  if (o.powerOfTwo) {
    width = nearestPowerOfTwo(width)
    height = nearestPowerOfTwo(height)
    if (o.resize) {
      // Power of two must not push past the asked-for limit.
      while (width > o.resize) width /= 2
      while (height > o.resize) height /= 2
    }
  }
  return { width, height }
}

/** PNG output keeps every colour: sharp's `effort` (or `palette`) would quantise to 256. */
export const LOSSLESS_PNG = { compressionLevel: 9, palette: false } as const

/** A sharp pipeline over an image's bytes; TGA and BMP through SLATE's own decoders. */
export async function openImage(name: string, data: Uint8Array): Promise<Sharp> {
  const opts: SharpOptions = { failOn: 'error', limitInputPixels: 16384 * 16384 }
  const own = OWN_DECODERS[extOf(name)]
  if (own) {
    const img = await own.decode(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).catch((e: Error) => {
      throw new AssetInputError(`cannot read the ${own.label}: ${e.message}`)
    })
    return sharp(img.pixels, { ...opts, raw: { width: img.width, height: img.height, channels: 4 } })
  }
  return sharp(data, opts)
}

function defaultFormat(name: string): TextureFormat {
  const ext = extOf(name)
  if (ext === '.jpg' || ext === '.jpeg') return 'jpg'
  if (ext === '.webp') return 'webp'
  return 'png'
}

export async function processTexture(name: string, data: Uint8Array, o: TextureOptions, format?: TextureFormat): Promise<ProcessedAsset> {
  const fmt = format ?? defaultFormat(name)
  let meta: Metadata
  const img = await openImage(name, data)
  try {
    meta = await img.metadata()
  } catch (e) {
    throw new AssetInputError(`cannot read the image: ${(e as Error).message}`)
  }
  const w = meta.width ?? 0
  const h = meta.height ?? 0
  if (!w || !h) throw new AssetInputError('the image has no size')
  const size = targetSize(w, h, o)
  const resized = size.width === w && size.height === h ? img : img.resize(size.width, size.height, { fit: o.fit === 'cover' ? 'cover' : 'fill', kernel: 'lanczos3' })
  const notes: string[] = []
  let out: Buffer
  const q = o.quality
  try {
    if (fmt === 'png') out = await resized.png(LOSSLESS_PNG).toBuffer()
    else if (fmt === 'jpg') out = await resized.flatten({ background: '#ffffff' }).jpeg({ quality: q ?? 85, mozjpeg: true }).toBuffer()
    else if (fmt === 'webp') out = await resized.webp({ quality: q ?? 85, alphaQuality: 100, effort: 4 }).toBuffer()
    else {
      out = Buffer.from(await encodeKtx2(resized, size, o))
      notes.push(`KTX2 ${o.basis === 'uastc' ? 'UASTC' : 'ETC1S'} via ktx2-encoder (Basis Universal WASM)${o.mipmaps !== false ? ', mipmaps' : ''}`)
    }
  } catch (e) {
    if (e instanceof AssetInputError) throw e
    throw new AssetInputError(`cannot decode or encode the image: ${(e as Error).message}`)
  }
  return {
    kind: 'texture',
    before: { bytes: data.byteLength, width: w, height: h },
    outputs: [{ name: `${fmt === 'jpg' ? 'jpg' : fmt}`, data: out, figures: { bytes: out.length, width: size.width, height: size.height } }],
    notes,
  }
}

/** Basis encodes raw RGBA: sharp decodes once and the encoder's "decoder" hands those pixels back. */
async function encodeKtx2(img: Sharp, size: { width: number; height: number }, o: TextureOptions): Promise<Uint8Array> {
  if (size.width * size.height > 12 * 1024 * 1024) throw new AssetInputError(`${size.width}×${size.height} is over Basis Universal's 12 Mpixel limit for one texture: resize it first (--resize 2048)`)
  const { data, info } = await img.ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  const rgba = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const { encodeToKTX2 } = await loadKtx2()
  const uastc = o.basis === 'uastc'
  const q = o.quality ?? (uastc ? 50 : 60)
  return encodeToKTX2(rgba, {
    isUASTC: uastc,
    isKTX2File: true,
    generateMipmap: o.mipmaps !== false,
    isNormalMap: o.normalMap ?? false,
    isPerceptual: !o.normalMap,
    isSetKTX2SRGBTransferFunc: !o.normalMap,
    qualityLevel: uastc ? undefined : Math.max(1, Math.min(255, Math.round((q / 100) * 255))),
    uastcLDRQualityLevel: uastc ? Math.max(0, Math.min(3, Math.round((q / 100) * 3))) : undefined,
    needSupercompression: uastc,
    imageDecoder: async () => ({ width: info.width, height: info.height, data: rgba }),
  })
}
