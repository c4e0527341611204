import { describe, expect, it } from 'vitest'
import { collectDiagnostics } from './diagnostics'
import { metaFactsFromBuffer, type FileFacts } from './file-facts'
import { ProjectIndex } from './project-index'

const A = '0123456789abcdef0123456789abcdef'
const B = 'fedcba9876543210fedcba9876543210'

const file = (path: string, over: Partial<FileFacts> = {}): FileFacts => ({ path, size: 1, mtimeMs: 1, storage: 'yaml', classId: null, refs: [], counts: [], occurrences: 0, ...over })
const meta = (path: string, text: string) => metaFactsFromBuffer(Buffer.from(text), { path, size: text.length, mtimeMs: 1 })

describe('collectDiagnostics', () => {
  it('reports conflict markers, duplicate GUIDs, missing .meta, unparseable .meta and build-list mismatches', () => {
    const idx = new ProjectIndex()
    idx.setFile(file('Assets/A.prefab'))
    idx.setMeta(meta('Assets/A.prefab.meta', `fileFormatVersion: 2\n<<<<<<< HEAD\nguid: ${A}\n=======\nguid: ${B}\n>>>>>>> other\nPrefabImporter:\n`))
    idx.setFile(file('Assets/B.unity'))
    idx.setMeta(meta('Assets/B.unity.meta', `fileFormatVersion: 2\nguid: ${B}\nDefaultImporter:\n`))
    idx.setFile(file('Assets/NoMeta.mat'))
    idx.setFile(file('Assets/Broken.mat'))
    idx.setMeta(meta('Assets/Broken.mat.meta', 'fileFormatVersion: 2\nNativeFormatImporter:\n'))
    idx.setFile(file('Assets/Text.asset', { storage: 'text' }))
    idx.setMeta(meta('Assets/Text.asset.meta', `guid: ${'1'.repeat(32)}\n`))
    const d = collectDiagnostics(idx, {
      indexedRoots: ['Assets'],
      scenesInBuild: [
        { path: 'Assets/B.unity', enabled: true, guid: A },
        { path: 'Assets/Gone.unity', enabled: true, guid: B },
      ],
    })
    const kinds = d.map((x) => `${x.kind} ${x.path}`).sort()
    expect(kinds).toEqual([
      'build-scene-guid-mismatch Assets/B.unity',
      'build-scene-missing Assets/Gone.unity',
      'duplicate-guid Assets/A.prefab.meta',
      'duplicate-guid Assets/B.unity.meta',
      'meta-conflict Assets/A.prefab.meta',
      'missing-meta Assets/NoMeta.mat',
      'unparseable Assets/Broken.mat.meta',
      'unparseable Assets/Text.asset',
    ])
    expect(d.find((x) => x.kind === 'meta-conflict')!.message).toContain(B)
    expect(d.find((x) => x.kind === 'build-scene-missing')!.message).toMatch(/Assets\/(A\.prefab|B\.unity)/)
  })
})
