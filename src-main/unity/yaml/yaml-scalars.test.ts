import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseYaml } from './unity-yaml'
import { isOpen, OpenScanner } from './yaml-scalars'

describe('OpenScanner', () => {
  it('answers what isOpen answers for the concatenated text, however it is fed', () => {
    const piece = fc.oneof(fc.constantFrom('{', '}', '[', ']', "'", "''", '"', '\\', ',', ':', ' ', '\n', 'a', 'x: 1', '{a: ', "'it''s'"), fc.string({ maxLength: 4 }))
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const s = new OpenScanner()
        let text = ''
        for (const p of pieces) {
          s.feed(p)
          text += p
          expect(s.open).toBe(isOpen(text))
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('keeps a 200,000-line flow value linear (a damaged file must not hang the parser)', () => {
    const lines = ['Root:', '  m_Data: [1,']
    for (let i = 0; i < 200_000; i++) lines.push(`    ${i},`)
    lines.push('    0]', '  m_Next: 1')
    const { value, problems } = parseYaml(lines.join('\n'))
    expect(problems).toEqual([])
    const root = (value as { Root: { m_Data: string[]; m_Next: string } }).Root
    expect(root.m_Data.length).toBe(200_002)
    expect(root.m_Next).toBe('1')
  })

  it('reports, and does not crash on, pathological nesting', () => {
    const flow = parseYaml(`a: ${'['.repeat(100_000)}`)
    expect(flow.problems.join()).toMatch(/nested too deeply/)
    const block = parseYaml(Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'))
    expect(block.problems.join()).toMatch(/nesting too deep/)
    const dashes = parseYaml(`${'- '.repeat(500_000)}x`)
    expect(dashes.problems.join()).toMatch(/nesting too deep/)
  })
})
