import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { metaFactsFromBuffer } from './file-facts'

/** The byte-level reader must agree with the plain line regexes it replaces (kept here as the oracle). */
function oracle(text: string) {
  // Lines end at \n only (a lone \r is not a line end in a Unity file).
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')
  const guids: string[] = []
  for (const l of lines) {
    const m = /^guid:[ \t]*([0-9a-fA-F]{32})[ \t]*\r?$/.exec(l)
    if (m && !guids.includes(m[1].toLowerCase())) guids.push(m[1].toLowerCase())
  }
  return {
    guids,
    folder: lines.some((l) => /^folderAsset:[ \t]*yes/.test(l)),
    importer: lines.map((l) => /^([A-Za-z0-9_]*Importer):/.exec(l)?.[1]).find((x) => x !== undefined) ?? null,
    conflict: lines.some((l) => /^(<{7}|={7}|>{7})( |\r|$)/.test(l)),
  }
}

const G = '0123456789abcdef0123456789ABCDEF'
const part = fc.oneof(
  fc.constantFrom('guid: ', 'guid:', `guid: ${G}`, G, 'fileFormatVersion: 2', 'folderAsset: yes', 'folderAsset:yes', 'TextureImporter:', '  MonoImporter:', 'Importer:', '<<<<<<< HEAD', '=======', '>>>>>>>', ' ', '\t', '\r', '\uFEFF', 'x'),
  fc.string({ maxLength: 8 }),
)
const text = fc.array(fc.array(part, { maxLength: 4 }).map((p) => p.join('')), { maxLength: 12 }).map((lines) => lines.join('\n'))

describe('metaFactsFromBuffer', () => {
  it('agrees with the line regexes on arbitrary .meta-like text', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (t.includes('\0')) return
        const facts = metaFactsFromBuffer(Buffer.from(t, 'utf8'), { path: 'a.meta', size: 0, mtimeMs: 0 })
        expect({ guids: facts.guids, folder: facts.folder, importer: facts.importer, conflict: facts.conflict }).toEqual(oracle(t))
      }),
      { numRuns: 2000 },
    )
  })
})
