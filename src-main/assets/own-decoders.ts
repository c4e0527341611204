import { decodeBmp } from './bmp'
import { decodeTga, type DecodedImage } from './tga'

/**
 * The image formats Unity imports that libvips (sharp) cannot read, by extension, with SLATE's own
 * decoder (RGBA, top row first) and the name error messages use. Thumbnails and texture
 * processing both look here.
 */
export const OWN_DECODERS: Partial<Record<string, { label: string; decode: (buf: Buffer) => Promise<DecodedImage> }>> = {
  '.tga': { label: 'TGA', decode: decodeTga },
  '.bmp': { label: 'BMP', decode: decodeBmp },
}
