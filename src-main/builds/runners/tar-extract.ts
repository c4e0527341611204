import fs from 'node:fs'
import path from 'node:path'
import { mkdirConfinedSync, writeFileConfinedSync } from '../../core/confined-fs'
import { isInside } from '../../core/project-paths'

/**
 * A small reader for the tar streams Docker's archive API returns (Go's archive/tar: ustar with
 * PAX headers for long names). Enough for copying a build's report and output out of a container
 * without depending on a `tar` executable on the host. Entries that would land outside `dest`
 * (absolute paths, `..`) are refused.
 *
 * `root` (default: `dest` itself) is the folder every write is confined to: for an output in the
 * project it is the project, so a link anywhere on the way — `Builds -> /elsewhere` above the
 * output folder, not only one inside it — is refused instead of followed.
 */
export interface ExtractOptions {
  stripComponents?: number
  root?: string
}

export async function extractTar(stream: NodeJS.ReadableStream, dest: string, opts: ExtractOptions = {}): Promise<string[]> {
  const chunks: Buffer[] = []
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(c))
  return extractTarBuffer(Buffer.concat(chunks), dest, opts)
}

export function extractTarBuffer(buf: Buffer, dest: string, opts: ExtractOptions = {}): string[] {
  const written: string[] = []
  const root = path.resolve(opts.root ?? dest)
  const destRel = path.relative(root, path.resolve(dest))
  if (!isInside(root, path.resolve(dest))) throw new Error(`${dest} is outside ${root}`)
  if (opts.root) mkdirConfinedSync(root, destRel || '.')
  else fs.mkdirSync(dest, { recursive: true }) // the folder itself is the caller's choice; what is inside it is confined
  let offset = 0
  let paxPath: string | null = null
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512)
    if (header.every((b) => b === 0)) break
    const size = parseInt(cstr(header, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(header[156] || 48)
    const prefix = cstr(header, 345, 155)
    let name = paxPath ?? (prefix ? `${prefix}/${cstr(header, 0, 100)}` : cstr(header, 0, 100))
    paxPath = null
    const body = buf.subarray(offset + 512, offset + 512 + size)
    offset += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))
      if (m) paxPath = m[1]
      continue
    }
    if (type === 'L') {
      paxPath = body.toString('utf8').replace(/\0+$/, '')
      continue
    }
    const parts = name.split('/').filter((p) => p && p !== '.')
    name = parts.slice(opts.stripComponents ?? 0).join('/')
    if (!name) continue
    const target = path.resolve(dest, name)
    if (!isInside(path.resolve(dest), target)) throw new Error(`tar entry "${name}" escapes ${dest}`)
    // Through the write path: the output folder may be in the project, where a planted link
    // (`Builds/x -> /etc`) must not redirect the container's files.
    const rel = path.join(destRel, name)
    if (type === '5') mkdirConfinedSync(root, rel)
    else if (type === '0' || type === '\0' || type === '7') {
      written.push(writeFileConfinedSync(root, rel, body, { mode: parseInt(cstr(header, 100, 8).trim() || '644', 8) & 0o777, durable: false }))
    }
    // links and devices are not build output: skipped
  }
  return written
}

function cstr(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len)
  const nul = s.indexOf(0)
  return s.subarray(0, nul < 0 ? len : nul).toString('utf8')
}
