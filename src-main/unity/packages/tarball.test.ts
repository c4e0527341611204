import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { safeEntryPath, TarballError, unpackTarball } from './tarball'
import { tarGz } from '../../testing/npm-registry'

let tmp = ''
afterEach(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }))
function dest(): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-tar-'))
  const d = path.join(tmp, 'out')
  fs.mkdirSync(d)
  return d
}
const pj = { name: 'package/package.json', data: Buffer.from('{"name":"com.t","version":"1.0.0"}') }

describe('unpacking a package tarball', () => {
  it('writes files below the package folder, first component dropped, long names through PAX', () => {
    const d = dest()
    const long = `package/${'deep/'.repeat(30)}File.cs`
    const r = unpackTarball(tarGz([pj, { name: 'package/Runtime', type: '5' }, { name: 'package/Runtime/A.cs', data: Buffer.from('class A {}') }, { name: long, data: Buffer.from('x') }]), d)
    expect(r).toMatchObject({ files: 3, skipped: [] })
    expect(fs.readFileSync(path.join(d, 'Runtime', 'A.cs'), 'utf8')).toBe('class A {}')
    expect(fs.existsSync(path.join(d, long.slice('package/'.length)))).toBe(true)
  })

  it('never writes outside: .., absolute paths, links and hard links are skipped with a reason', () => {
    const d = dest()
    const r = unpackTarball(
      tarGz([
        pj,
        { name: 'package/../../escape.txt', data: Buffer.from('x') },
        { name: '/etc/slate-test', data: Buffer.from('x') },
        { name: 'package/link', type: '2', linkname: '/etc' },
        { name: 'package/hard', type: '1', linkname: 'package/package.json' },
        { name: 'package/link/through.txt', data: Buffer.from('x') },
      ]),
      d,
    )
    expect(r.files).toBe(2) // package.json, and link/through.txt as a plain folder + file (no link was made)
    expect(r.skipped.map((s) => s.reason)).toEqual(['path leaves the package (..)', 'absolute path', 'symbolic link: never created', 'hard link: never created'])
    expect(fs.existsSync(path.join(tmp, 'escape.txt'))).toBe(false)
    expect(fs.lstatSync(path.join(d, 'link')).isSymbolicLink()).toBe(false)
    expect(fs.readdirSync(tmp)).toEqual(['out'])
  })

  it('refuses archives over the size limits before writing them, and garbage', () => {
    const d = dest()
    const big = tarGz([pj, { name: 'package/big.bin', data: Buffer.alloc(2 * 1024 * 1024) }])
    const limits = { maxCompressedBytes: 1 << 30, maxUnpackedBytes: 1024 * 1024, maxFileBytes: 1 << 30, maxEntries: 100 }
    expect(() => unpackTarball(big, d, limits)).toThrow(TarballError)
    expect(() => unpackTarball(big, d, { ...limits, maxUnpackedBytes: 1 << 30, maxFileBytes: 1024 })).toThrow(/over the 1024-byte limit/)
    expect(() => unpackTarball(Buffer.from('not gzip'), d)).toThrow(/not a gzip file/)
    const damaged = zlib.gunzipSync(tarGz([pj]))
    damaged[0] ^= 0xff
    expect(() => unpackTarball(zlib.gzipSync(damaged), d)).toThrow(/damaged tar header/)
  })

  it('path rules', () => {
    expect(safeEntryPath('package/a/b')).toEqual({ path: 'a/b' })
    expect(safeEntryPath('package/./a//b')).toEqual({ path: 'a/b' })
    expect(safeEntryPath('C:/x')).toEqual({ reason: 'absolute path' })
    expect(safeEntryPath('package\\..\\x')).toEqual({ reason: 'backslash in the name' })
  })
})
