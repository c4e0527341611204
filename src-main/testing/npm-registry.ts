import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import type { AddressInfo } from 'node:net'

/**
 * A test's own npm registry on loopback (what Unity's registries speak): GET /<name> → packument,
 * GET /-/<file>.tgz → the tarball. Tarballs are packed here (ustar + gzip, `package/` prefix, as
 * `npm pack` makes them), from real package folders or with hand-made hostile entries.
 */
export interface TarEntry {
  name: string
  type?: '0' | '2' | '1' | '5'
  data?: Buffer
  linkname?: string
}

function header(name: string, size: number, type: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512)
  h.write(name, 0, 100, 'utf8')
  h.write('0000644\0', 100, 'latin1')
  h.write('0000000\0', 108, 'latin1')
  h.write('0000000\0', 116, 'latin1')
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1')
  h.write('00000000000\0', 136, 'latin1')
  h.write('        ', 148, 'latin1')
  h.write(type, 156, 'latin1')
  h.write(linkname, 157, 100, 'utf8')
  h.write('ustar\u000000', 257, 'latin1')
  let sum = 0
  for (const b of h) sum += b
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1')
  return h
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)])
}

export function tarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0)
    if (Buffer.byteLength(e.name) > 99) {
      const rec = (s: string) => {
        let len = s.length + 3
        while (`${len} ${s}\n`.length !== len) len = `${len} ${s}\n`.length
        return `${len} ${s}\n`
      }
      const pax = Buffer.from(rec(`path=${e.name}`), 'utf8')
      parts.push(header('PaxHeader', pax.length, 'x'), pad(pax))
    }
    parts.push(header(e.name.slice(0, 99), e.type === '0' || !e.type ? data.length : 0, e.type ?? '0', e.linkname), ...(e.type && e.type !== '0' ? [] : [pad(data)]))
  }
  parts.push(Buffer.alloc(1024))
  return zlib.gzipSync(Buffer.concat(parts))
}

/** A package folder as `npm pack` would pack it: every file under `package/`. */
export function packDir(dir: string): Buffer {
  const entries: TarEntry[] = []
  const walk = (abs: string, rel: string) => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const r = rel ? `${rel}/${e.name}` : e.name
      if (e.isDirectory()) walk(path.join(abs, e.name), r)
      else if (e.isFile()) entries.push({ name: `package/${r}`, data: fs.readFileSync(path.join(abs, e.name)) })
    }
  }
  walk(dir, '')
  return tarGz(entries)
}

export interface ServedVersion {
  tgz: Buffer
  /** Override what the packument says (a wrong checksum, none at all). */
  shasum?: string | null
  integrity?: string | null
}

export interface TestRegistry {
  url: string
  /** Paths requested, in order. */
  requests: string[]
  close(): Promise<void>
}

export async function startTestRegistry(packages: Record<string, Record<string, ServedVersion>>): Promise<TestRegistry> {
  const requests: string[] = []
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0])
    requests.push(url)
    const base = `http://${req.headers.host}`
    const tar = /^\/-\/(.+)-(\d[^/]*)\.tgz$/.exec(url)
    if (tar && packages[tar[1]]?.[tar[2]]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(packages[tar[1]][tar[2]].tgz)
      return
    }
    const name = url.slice(1)
    const versions = packages[name]
    if (!versions) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end('{"error":"not found"}')
      return
    }
    const packument = {
      name,
      versions: Object.fromEntries(
        Object.entries(versions).map(([v, s]) => {
          const shasum = s.shasum === undefined ? crypto.createHash('sha1').update(s.tgz).digest('hex') : s.shasum
          const integrity = s.integrity === undefined ? `sha512-${crypto.createHash('sha512').update(s.tgz).digest('base64')}` : s.integrity
          return [v, { name, version: v, dist: { tarball: `${base}/-/${name}-${v}.tgz`, ...(shasum ? { shasum } : {}), ...(integrity ? { integrity } : {}) } }]
        }),
      ),
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(packument))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
