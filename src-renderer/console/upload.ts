import type { SlateClient } from '../../src-shared/contract'
import type { ConsoleSourceInfo } from '../../src-shared/types-ui'

const CHUNK_BYTES = 1024 * 1024

/**
 * Send a log file the user picked to the core in 1 MB pieces (the browser never sends a path, and
 * the core never reads outside the project). Decoding is streaming so a UTF-8 character split
 * between two pieces survives. Runs of NUL bytes (a crashed editor's pre-allocated log) are
 * dropped here only to keep the JSON small: the parser would drop them anyway.
 */
export async function uploadLog(client: SlateClient, file: File, onProgress?: (fraction: number) => void): Promise<ConsoleSourceInfo> {
  const decoder = new TextDecoder('utf-8')
  let sourceId: string | undefined
  let offset = 0
  for (;;) {
    const end = Math.min(file.size, offset + CHUNK_BYTES)
    const bytes = await file.slice(offset, end).arrayBuffer()
    const done = end >= file.size
    const text = decoder.decode(bytes, { stream: !done }).replace(/\0+/g, '')
    const info: ConsoleSourceInfo = await client.call('console.upload', { sourceId, name: file.name, chunk: text, done })
    sourceId = info.id
    onProgress?.(file.size ? end / file.size : 1)
    if (done) return info
    offset = end
  }
}
