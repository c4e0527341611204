import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyBytes, firstClassId, parseLfsPointer, scanGuids } from './guid-scan'

const G1 = '0123456789abcdef0123456789abcdef'
const G2 = 'fedcba9876543210fedcba9876543210'

describe('scanGuids', () => {
  it('counts every `guid: <32 lowercase hex>` occurrence, per GUID', () => {
    const text = `a: {fileID: 1, guid: ${G1}, type: 2}\nb: {fileID: 2, guid: ${G2}, type: 3}\nc: {guid: ${G1}}\n`
    const r = scanGuids(Buffer.from(text))
    expect(r.occurrences).toBe(3)
    expect([...r.refs]).toEqual([
      [G1, 2],
      [G2, 1],
    ])
  })

  it('ignores upper-case, short and truncated GUIDs, and a match cut off at the end of the buffer', () => {
    const text = `guid: ${G1.toUpperCase()}\nguid: abc\nguid:${G1}\nguid: ${G1.slice(0, 31)}`
    expect(scanGuids(Buffer.from(text)).occurrences).toBe(0)
  })

  it('agrees with the regex ripgrep uses, on arbitrary input', () => {
    const piece = fc.oneof(
      fc.constantFrom(`guid: ${G1}`, `guid: ${G2}`, 'guid: ', 'guid:', 'GUID: ', `guid: ${G1.slice(0, 20)}`, '\n', ' ', '\0'),
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[0-9a-f]{0,40}$/),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('')
        const expected = text.match(/guid: [0-9a-f]{32}/g)?.length ?? 0
        expect(scanGuids(Buffer.from(text, 'latin1')).occurrences).toBe(expected)
      }),
      { numRuns: 500 },
    )
  })
})

describe('classifyBytes', () => {
  it('recognises Git LFS pointers, binary files, Unity YAML and JSON', () => {
    const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n'
    expect(classifyBytes(Buffer.from(lfs))).toBe('lfs')
    expect(parseLfsPointer(lfs)).toEqual({ oid: '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393', size: 12345 })
    expect(classifyBytes(Buffer.from([0, 0, 0, 20, 0, 0, 1, 0]))).toBe('binary')
    expect(classifyBytes(Buffer.from('%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n'))).toBe('yaml')
    expect(classifyBytes(Buffer.from('\uFEFF  {\n "a": 1 }'))).toBe('json')
    expect(classifyBytes(Buffer.from('// source omitted from this fixture\n'))).toBe('text')
    expect(classifyBytes(Buffer.alloc(0))).toBe('empty')
  })

  it('finds the class of the first document', () => {
    expect(firstClassId(Buffer.from('%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!114 &11400000\nMonoBehaviour:\n'))).toBe('114')
    expect(firstClassId(Buffer.from('no documents'))).toBe(null)
  })
})
