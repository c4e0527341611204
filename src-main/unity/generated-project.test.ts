import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateProject } from '../../bench/gen-project'
import { findRefs } from './queries'
import { UnityProject } from './unity-project'

/** The benchmark's synthetic project (also used for UI load tests) indexes to the figures it promises. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-gen-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('generateProject', () => {
  it('writes a project whose index matches the generator’s own counts, deterministically', () => {
    const gen = generateProject(path.join(dir, 'a'), { assets: 400, seed: 7 })
    expect(gen.assets).toBe(400)
    const s = UnityProject.open(gen.root, { cacheDir: null }).summary()
    expect(s.references.occurrences).toBe(gen.occurrences)
    expect(s.guids.declared).toBe(gen.declaredGuids)
    expect(s.assets.total).toBe(gen.assets + gen.folders)
    expect(s.unresolved.builtin).toBe(2)
    expect(s.scenesInBuild.length).toBeGreaterThan(0)
    expect(s.diagnostics.filter((d) => d.kind !== 'build-scene-missing')).toEqual([])
    const again = generateProject(path.join(dir, 'b'), { assets: 400, seed: 7 })
    expect(again.occurrences).toBe(gen.occurrences)
    expect(fs.readFileSync(path.join(again.root, 'ProjectSettings/EditorBuildSettings.asset'), 'utf8')).toBe(
      fs.readFileSync(path.join(gen.root, 'ProjectSettings/EditorBuildSettings.asset'), 'utf8'),
    )
  })

  it('links scenes to prefabs to materials to textures', () => {
    const project = UnityProject.open(path.join(dir, 'a'), { cacheDir: null })
    const scene = [...project.index.files.keys()].find((p) => p.endsWith('.unity'))!
    const deps = findRefs(project, scene, true)!.dependencies
    const types = new Set(deps.map((d) => d.type))
    for (const t of ['Prefab', 'Material', 'Texture', 'Model', 'Script']) expect(types).toContain(t)
  })
})
