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
})
