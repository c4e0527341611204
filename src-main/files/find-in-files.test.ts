import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FindMatch } from '../../src-shared/types-ui'
import { findInFiles, findRipgrep, type FindQuery } from './find-in-files'
import { utf16Offsets } from './find-rg'

// The rg path takes columns from rg's byte offsets and the Node path from a JS regex on a worker
// thread: the two must agree, and neither may let a user's regex stall this thread.
const rg = await findRipgrep()

let root: string
const put = (rel: string, data: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), data)
}
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-find-'))
  put('Assets/Scripts/Player.cs', 'class Player {\r\n  int speed = 3; // Player speed\r\n}\r\n')
  put('Assets/Text/unicode.txt', 'héllo wörld 😀 Player, Ωmega player 42\n日本語 Player wörld 7\nWÖRLD ✓ 𝒳 player\n')
  put('Assets/Text/latin1.txt', Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from(' Player 9\n')]))
  put('Assets/Text/long.txt', `${'é'.repeat(5000)} Player ${'😀'.repeat(3000)} wörld\n`)
  put('Library/Cache/Player.txt', 'Player\n')
})
afterEach(() => fs.rmSync(root, { recursive: true, force: true }))

const sorted = (ms: FindMatch[]) => [...ms].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column)

describe('find in files: ripgrep and Node agree', () => {
  const queries: FindQuery[] = [
    { query: 'player' },
    { query: 'Player', caseSensitive: true, wholeWord: true },
    { query: 'wörld' },
    { query: 'WÖRLD', caseSensitive: true },
    { query: 'w.rld', regex: true },
    { query: '\\d+', regex: true },
    { query: 'player', include: '*.txt' },
    { query: '✓ 𝒳', maxResults: 1 },
  ]
  for (const q of queries) {
    it.skipIf(!rg)(`same matches, columns, lengths and previews for ${JSON.stringify(q)}`, async () => {
      const viaRg = await findInFiles(root, q, { rgPath: rg })
      const viaNode = await findInFiles(root, q, { rgPath: null })
      expect(viaRg.engine).toBe('ripgrep')
      expect(viaNode.engine).toBe('node')
      expect(viaNode.matches.length).toBeGreaterThan(0)
      expect(sorted(viaRg.matches)).toEqual(sorted(viaNode.matches))
      expect(viaRg.files).toBe(viaNode.files)
      expect(viaRg.truncated).toBe(viaNode.truncated)
    })
  }

  for (const engine of ['ripgrep', 'node'] as const) {
    it.skipIf(engine === 'ripgrep' && !rg)(`counts columns in UTF-16 units, as the editor does (${engine})`, async () => {
      const res = await findInFiles(root, { query: 'Player', caseSensitive: true, include: 'unicode.txt' }, { rgPath: engine === 'node' ? null : rg })
      // `😀` is two UTF-16 units: "héllo wörld 😀 " is 15 units long.
      expect(res.matches.map((m) => `${m.line}:${m.column}:${m.length}`)).toEqual(['1:16', '2:5'].map((s) => `${s}:6`))
      const long = await findInFiles(root, { query: 'wörld', include: 'long.txt' }, { rgPath: engine === 'node' ? null : rg })
      const [m] = long.matches
      expect(m.column).toBe(5000 + 8 + 6000 + 2)
      expect(m.preview.length).toBeLessThan(200)
      expect(m.preview.slice(m.previewColumn, m.previewColumn + 5)).toBe('wörld')
    })
  }

  it('maps byte offsets to UTF-16 offsets, an offset inside a character to its start', () => {
    const at = utf16Offsets('aé😀b')
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(at)).toEqual([0, 1, 1, 2, 2, 2, 2, 4, 5])
    expect(at(1)).toBe(1) // asked out of order: starts over
  })
})

describe('find in files: a catastrophically backtracking regex', () => {
  // `(a+)+$` against 40 `a`s and a `!` takes ~2^40 steps in a backtracking engine.
  const evil: FindQuery = { query: '(a+)+$', regex: true }
  beforeEach(() => {
    put('Assets/A/ok.txt', 'aaaa\n')
    put('Assets/Z/bad.txt', `${'a'.repeat(40)}!\n`)
  })

  it('stops the Node scan at its budget with a clear error and the partial results; the core keeps answering', async () => {
    let ticks = 0
    const ticker = setInterval(() => ticks++, 1)
    const [bad, meanwhile] = await Promise.allSettled([
      findInFiles(root, evil, { rgPath: null, nodeBudgetMs: 3000 }),
      findInFiles(root, { query: 'speed' }, { rgPath: null }),
    ])
    clearInterval(ticker)
    expect(bad.status).toBe('rejected')
    const err = (bad as PromiseRejectedResult).reason as { code: string; message: string; details: { partial: { matches: FindMatch[] } } }
    expect(err.code).toBe('invalid_argument')
    expect(err.message).toMatch(/backtrack catastrophically.*install ripgrep/)
    expect(err.details.partial.matches.map((m) => `${m.path}:${m.column}:${m.length}`)).toEqual(['Assets/A/ok.txt:1:4'])
    // This thread ran timers and another search while the regex spun in the worker.
    expect(ticks).toBeGreaterThan(0)
    expect(meanwhile.status).toBe('fulfilled')
    const after = await findInFiles(root, { query: 'aaaa' }, { rgPath: null })
    expect(new Set(after.matches.map((m) => m.path))).toEqual(new Set(['Assets/A/ok.txt', 'Assets/Z/bad.txt']))
  })

  it.skipIf(!rg)('is answered by ripgrep, whose regex engine is linear-time', async () => {
    const res = await findInFiles(root, evil, { rgPath: rg })
    expect(res.matches.map((m) => `${m.path}:${m.column}:${m.length}`)).toEqual(['Assets/A/ok.txt:1:4'])
  })

  it.skipIf(!rg)('reports a pattern rg cannot run (look-around) as the user’s error', async () => {
    await expect(findInFiles(root, { query: 'a(?=a)', regex: true }, { rgPath: rg })).rejects.toMatchObject({ code: 'invalid_argument', message: /look-around/ })
  })
})
