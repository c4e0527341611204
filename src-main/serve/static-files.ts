import fs from 'node:fs/promises'
import path from 'node:path'
import { isInside } from '../core/project-paths'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

/** A file of the built renderer, or null. Never serves anything outside `root`. */
export async function readStatic(root: string, urlPath: string): Promise<{ body: Buffer; type: string } | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '')
  const abs = path.resolve(root, rel)
  if (!isInside(root, abs)) return null
  try {
    const body = await fs.readFile(abs)
    return { body, type: MIME[path.extname(abs).toLowerCase()] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}
