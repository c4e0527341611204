import { formatBytes } from '../build-meta'

/** A signed size change: "+1.2 MB", "-7 B", "±0 B". */
export function formatDelta(n: number): string {
  if (n === 0) return '±0 B'
  return `${n > 0 ? '+' : '-'}${formatBytes(Math.abs(n))}`
}

export function changeOf(d: { before: number; after: number; delta: number }): 'added' | 'removed' | 'grown' | 'shrunk' | 'unchanged' {
  if (d.before === 0 && d.after > 0) return 'added'
  if (d.after === 0 && d.before > 0) return 'removed'
  return d.delta > 0 ? 'grown' : d.delta < 0 ? 'shrunk' : 'unchanged'
}

/** Read a File as base64 chunks (the import call's upload), without holding the whole file as text. */
export async function* base64Chunks(file: Blob, chunkBytes = 4 * 1024 * 1024): AsyncGenerator<{ chunk: string; done: boolean }> {
  for (let offset = 0; offset < file.size || offset === 0; offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer())
    let bin = ''
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
    yield { chunk: btoa(bin), done: offset + chunkBytes >= file.size }
    if (file.size === 0) break
  }
}
