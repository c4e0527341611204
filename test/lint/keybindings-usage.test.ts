import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../../src-main/testing/fixtures'

// The renderer's shortcuts come from one table (src-renderer/keys/keybindings.ts): no component
// listens for keys on its own, and every binding a component asks for is in the table (the `?`
// list is made from it). Read as text: this test runs in Node, the table in the browser.
const rendererDir = path.join(repoRoot, 'src-renderer')
const table = fs.readFileSync(path.join(rendererDir, 'keys', 'keybindings.ts'), 'utf8')
const ids = new Set([...table.matchAll(/\bid: '([^']+)'/g)].map((m) => m[1]))
for (const m of table.matchAll(/\['(\w+)', '\d'\]/g)) ids.add(`view.${m[1]}`)

describe('one key binding registry in the renderer', () => {
  it('is the only place that listens for keydown, and has every binding the code uses', () => {
    const files = fs.readdirSync(rendererDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    const listeners: string[] = []
    const used = new Set<string>()
    for (const f of files) {
      const text = fs.readFileSync(path.join(rendererDir, f), 'utf8')
      if (f !== path.join('keys', 'keybindings.ts') && /addEventListener\(\s*['"]keydown/.test(text)) listeners.push(f)
      for (const m of text.matchAll(/(?:useKeybinding|onKeyBinding|shortcutText|hasKeyBinding)\(\s*'([^']+)'/g)) used.add(m[1])
    }
    expect(listeners).toEqual([])
    expect(ids.has('builds.start')).toBe(true)
    expect([...used].filter((id) => !ids.has(id))).toEqual([])
  })
})
