import { describe, expect, it } from 'vitest'
import { hashBytes, StringTable } from './string-table'

describe('StringTable', () => {
  it('numbers strings in first-seen order, the same from bytes and from strings, across growth', () => {
    const t = new StringTable()
    const words = Array.from({ length: 20_000 }, (_, i) => (i * 2654435761).toString(16).padStart(32, '0').slice(-32))
    const ids = words.map((w) => t.idOf(w))
    expect(ids).toEqual(words.map((_, i) => i))
    for (let i = 0; i < words.length; i += 97) {
      const buf = Buffer.from(`xx${words[i]}yy`, 'latin1')
      expect(t.idAt(buf, 2, 32, hashBytes(buf, 2, 32))).toBe(i)
    }
    expect(t.idOf('TextureImporter')).toBe(words.length)
    expect(t.idOf(words[5])).toBe(5)
    expect(t.strings[words.length]).toBe('TextureImporter')
  })

  it('numbers a GUID by its value: the same id from idOf, idAt and idGuidAt; other 32-character keys apart', () => {
    const t = new StringTable()
    const guid = '0123456789abcdef00000000000000f0'
    const upper = guid.toUpperCase()
    const notHex = 'g123456789abcdef00000000000000f0'
    const id = t.idOf(guid)
    const buf = Buffer.from(`guid: ${guid} ${upper} ${notHex}`, 'latin1')
    expect(t.idGuidAt(buf, 6)).toBe(id)
    expect(t.idAt(buf, 6, 32, hashBytes(buf, 6, 32))).toBe(id)
    expect(t.idGuidAt(buf, 39)).toBe(-1) // upper case is not a reference's GUID
    expect(t.idGuidAt(buf, buf.length - 20)).toBe(-1) // runs past the end
    const u = t.idOf(upper)
    const n = t.idAt(buf, 72, 32, hashBytes(buf, 72, 32))
    expect(new Set([id, u, n]).size).toBe(3)
    expect(t.strings[n]).toBe(notHex)
    expect(t.idOf(notHex)).toBe(n)
    expect(t.idAt(buf, 39, 32, hashBytes(buf, 39, 32))).toBe(u)
    // GUIDs that differ in one digit of one word, many of them, across growth
    const many = Array.from({ length: 5000 }, (_, i) => `${(i % 16).toString(16)}${'0'.repeat(30)}${Math.floor(i / 16).toString(16).padStart(3, '0').slice(-1)}`)
    const distinct = [...new Set(many)]
    const ids = distinct.map((g) => t.idOf(g))
    expect(new Set(ids).size).toBe(distinct.length)
    for (let i = 0; i < distinct.length; i++) expect(t.strings[ids[i]]).toBe(distinct[i])
  })
})
