import crypto from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../src-shared/api-error'
import type { Thumbnail } from '../../src-shared/types-ui'
import { writeFileConfined } from '../core/confined-fs'
import { openRegularFile, readRegularFile } from '../core/regular-file'
import { OWN_DECODERS } from './own-decoders'

/** What sharp (libvips) decodes. PSD and EXR, also common in Unity projects, are not decoded yet. */
const DECODABLE = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.avif', '.svg', '.heic'])
const KNOWN_UNDECODABLE: Record<string, string> = {
  '.psd': 'PSD cannot be previewed yet (not decoded by sharp)',
  '.exr': 'EXR cannot be previewed yet (HDR, not decoded by sharp)',
  '.hdr': 'HDR cannot be previewed yet',
  '.dds': 'DDS cannot be previewed yet',
}
const LFS_MAGIC = 'version https://git-lfs.github.com/spec/'
const MAX_SOURCE_BYTES = 256 * 1024 * 1024

type Sharp = (typeof import('sharp'))['default']
let sharpModule: Promise<Sharp | null> | null = null
/** sharp is loaded on first use: it is a native module, and most sessions never show a thumbnail. */
function loadSharp(): Promise<Sharp | null> {
  sharpModule ??= import('sharp').then(
    (m) => {
      const s = (m as unknown as { default?: Sharp }).default ?? (m as unknown as Sharp)
      // libvips' own cache would keep decoded textures in memory; ours is on disk.
      s.cache(false)
      s.concurrency(1)
      return s
    },
    () => null,
  )
  return sharpModule
}

/**
 * Makes texture thumbnails in the main process, off the event loop: sharp decodes and resizes on
 * libuv's thread pool, and at most two run at once (a grid scrolled quickly queues hundreds of
 * requests; the ones that are no longer wanted cost a cache lookup, not a decode). Results are PNG
 * files under `<dataDir>/thumbnails`, keyed by path, size, mtime and edge length, so a texture
 * that changes gets a new thumbnail and an unchanged one is never decoded twice.
 */
export class ThumbnailService {
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly inflight = new Map<string, Promise<Thumbnail>>()

  constructor(
    private readonly cacheDir: string,
    private readonly maxConcurrent = 2,
  ) {}

  async get(abs: string, rel: string, edge: number): Promise<Thumbnail> {
    const none = (reason: string, extra: Partial<Thumbnail> = {}): Thumbnail => ({ path: rel, dataUrl: null, width: null, height: null, format: null, reason, cached: false, ...extra })
    const ext = path.extname(abs).toLowerCase()
    let st
    // The read path: a FIFO named *.png is refused at once instead of blocking a pool thread.
    let handle
    try {
      handle = await openRegularFile(abs, { label: rel })
    } catch (err) {
      return none(err instanceof ApiError && err.code !== 'not_found' ? err.message : 'The file is missing on disk (only its .meta is there)')
    }
    try {
      st = await handle.stat()
      if (st.size < 200) {
        const head = (await handle.readFile()).toString('utf8')
        if (head.startsWith(LFS_MAGIC)) return none('Git LFS pointer: the image is not checked out. Run `git lfs pull` to get it.', { format: 'lfs-pointer' })
      }
    } finally {
      await handle.close()
    }
    if (!DECODABLE.has(ext) && !OWN_DECODERS[ext]) return none(KNOWN_UNDECODABLE[ext] ?? `No preview for ${ext || 'this'} files`)
    if (st.size > MAX_SOURCE_BYTES) return none('Too large to preview')
    const key = crypto.createHash('sha1').update(`${abs}\0${st.size}\0${st.mtimeMs}\0${edge}`).digest('hex')
    const existing = this.inflight.get(key)
    if (existing) return { ...(await existing), path: rel }
    const job = this.make(abs, rel, key, edge).finally(() => this.inflight.delete(key))
    this.inflight.set(key, job)
    return job
  }

  private async make(abs: string, rel: string, key: string, edge: number): Promise<Thumbnail> {
    const png = path.join(this.cacheDir, key.slice(0, 2), `${key}.png`)
    const metaFile = `${png}.json`
    try {
      const [buf, meta] = await Promise.all([readRegularFile(png), readRegularFile(metaFile)])
      const m = JSON.parse(meta.toString('utf8')) as { width: number; height: number; format: string }
      return { path: rel, dataUrl: `data:image/png;base64,${buf.toString('base64')}`, ...m, reason: null, cached: true }
    } catch {
      // not cached yet
    }
    await this.slot()
    try {
      const sharp = await loadSharp()
      if (!sharp) return { path: rel, dataUrl: null, width: null, height: null, format: null, reason: 'Image support (sharp) is not available on this machine', cached: false }
      let image
      // sharp gets bytes, never the path: libvips would open the file itself, FIFOs included.
      const source = await readRegularFile(abs, { label: rel, maxBytes: MAX_SOURCE_BYTES })
      const ext = path.extname(abs).toLowerCase()
      const own = OWN_DECODERS[ext]
      if (own) {
        const decoded = await own.decode(source)
        image = sharp(decoded.pixels, { raw: { width: decoded.width, height: decoded.height, channels: 4 } })
      } else {
        image = sharp(source, { failOn: 'none', limitInputPixels: 16384 * 16384 })
      }
      const meta = await image.metadata()
      const buf = await image.rotate().resize(edge, edge, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 6 }).toBuffer()
      const info = { width: meta.width ?? 0, height: meta.height ?? 0, format: own ? ext.slice(1) : (meta.format ?? path.extname(abs).slice(1)) }
      // The cache is SLATE's own folder, written through the same write path (no fsync: a cache).
      await fs.mkdir(this.cacheDir, { recursive: true })
      await writeFileConfined(this.cacheDir, png, buf, { durable: false })
      await writeFileConfined(this.cacheDir, metaFile, JSON.stringify(info), { durable: false })
      return { path: rel, dataUrl: `data:image/png;base64,${buf.toString('base64')}`, ...info, reason: null, cached: false }
    } catch (err) {
      return { path: rel, dataUrl: null, width: null, height: null, format: null, reason: `Could not decode the image: ${(err as Error).message}`, cached: false }
    } finally {
      this.release()
    }
  }

  private slot(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.waiting.push(() => (this.running++, resolve())))
  }

  private release(): void {
    this.running--
    this.waiting.shift()?.()
  }
}
