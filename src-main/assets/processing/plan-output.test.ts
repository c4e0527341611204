import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { planOutput } from './batch'

describe('where a batch puts its outputs', () => {
  it('into an output folder: sources sharing a folder and a stem keep their extension, so no output replaces another', () => {
    const dir = '/p/Assets/Models'
    const sources = new Set(['grid.gltf', 'grid.dae', 'grid.obj', 'tree.fbx'].map((f) => path.join(dir, f)))
    const req = { project: '/p', outDir: '/out' }
    const rels = [...sources].map((s) => planOutput(s, { name: 'glb' }, req, sources).rel)
    expect(rels).toEqual(['Assets/Models/grid-gltf.glb', 'Assets/Models/grid-dae.glb', 'Assets/Models/grid-obj.glb', 'Assets/Models/tree.glb'])
    expect(new Set(rels).size).toBe(rels.length)
  })

  it('beside the sources (no output folder): a -processed name, never over a file', () => {
    const sources = new Set(['/nowhere/a/grid.gltf'])
    expect(planOutput('/nowhere/a/grid.gltf', { name: 'glb' }, { project: undefined, outDir: undefined }, sources)).toEqual({ root: '/nowhere/a', rel: 'grid-processed.glb', createOnly: true })
  })
})
