import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { fixturesDir } from '../testing/fixtures'
import { UnityProject } from '../unity/unity-project'
import { AssetCatalog } from './asset-catalog'
import { parseAssetQuery } from './asset-query'

let catalog: AssetCatalog
let project: UnityProject
beforeAll(() => {
  project = UnityProject.open(path.join(fixturesDir, 'unity', 'BoatAttack'), { cacheDir: null })
  catalog = new AssetCatalog(project)
})

describe('parseAssetQuery', () => {
  it('splits Unity syntax', () => {
    expect(parseAssetQuery('t:Material l:Water ref:Assets/A.mat boat "big rock" is:unused')).toEqual({
      types: ['material'],
      labels: ['water'],
      refs: ['Assets/A.mat'],
      words: ['boat', 'big rock'],
      problems: false,
      unused: true,
    })
  })
})

describe('AssetCatalog on BoatAttack', () => {
  it('t:Material lists exactly the materials, below the chosen folder', async () => {
    const all = await catalog.search({ query: 't:Material', folder: null, offset: 0, limit: 5000 })
    expect(all.total).toBeGreaterThan(30)
    expect(all.items.every((a) => a.type === 'Material')).toBe(true)
    const inFolder = await catalog.search({ query: 't:Material', folder: 'Assets/Materials', offset: 0, limit: 5000 })
    expect(inFolder.items.every((a) => a.path.startsWith('Assets/Materials/'))).toBe(true)
    expect(inFolder.total).toBeLessThan(all.total)
  })

  it('no query lists a folder’s direct children, folders first', async () => {
    const root = await catalog.search({ query: '', folder: 'Assets', offset: 0, limit: 5000 })
    expect(root.items.every((a) => a.path.split('/').length === 2)).toBe(true)
    const firstFile = root.items.findIndex((a) => a.type !== 'Folder')
    expect(root.items.slice(firstFile).some((a) => a.type === 'Folder')).toBe(false)
  })

  it('ref: finds the users of an asset, and combines with t: and name fragments', async () => {
    const mat = (await catalog.search({ query: 't:Material', folder: null, offset: 0, limit: 5000 })).items.find((m) => m.guid && project.index.usedByCount(m.guid) > 0)!
    const users = await catalog.search({ query: `ref:${mat.guid}`, folder: null, offset: 0, limit: 5000 })
    expect(users.total).toBe(project.index.usedBy(mat.guid!).length)
    const byPath = await catalog.search({ query: `ref:${mat.path}`, folder: null, offset: 0, limit: 5000 })
    expect(byPath.total).toBe(users.total)
  })

  it('is:problem shows LFS pointers and orphan .meta files; is:unused skips Resources and build scenes', async () => {
    const problems = await catalog.search({ query: 'is:problem', folder: null, offset: 0, limit: 5000 })
    expect(problems.items.some((a) => a.problems.includes('lfs-pointer'))).toBe(true)
    expect(problems.items.some((a) => a.type === 'Missing')).toBe(true)
    const unused = await catalog.search({ query: 'is:unused', folder: null, offset: 0, limit: 5000 })
    expect(unused.items.some((a) => /\/Resources\//.test(a.path))).toBe(false)
    expect(unused.items.some((a) => a.type === 'Script')).toBe(false)
    expect(unused.total).toBeGreaterThan(0)
    expect(unused.items.some((a) => a.type === 'Scene' && project.scenesInBuild.some((s) => s.path === a.path))).toBe(false)
  })

  it('l: matches labels from the .meta files, combined with t:', async () => {
    const boats = await catalog.search({ query: 'l:Boat', folder: null, offset: 0, limit: 5000 })
    expect(boats.items.map((a) => a.path)).toContain('Assets/Objects/boats/_BoatBase.prefab')
    const prefabs = await catalog.search({ query: 'l:boat t:Prefab', folder: null, offset: 0, limit: 5000 })
    expect(prefabs.items.length).toBeGreaterThan(0)
    expect(prefabs.items.every((a) => a.type === 'Prefab')).toBe(true)
    const none = await catalog.search({ query: 'l:NoSuchLabel', folder: null, offset: 0, limit: 5000 })
    expect(none.total).toBe(0)
  })

  it('the folder tree counts assets below each folder', () => {
    const tree = catalog.tree()
    const assets = tree.find((f) => f.path === 'Assets')!
    expect(assets.assets).toBeGreaterThan(300)
  })
})

describe('AssetCatalog answers kept for a repeated search', () => {
  it('a repeated page is the same answer as a fresh catalog gives', async () => {
    const opts = { query: 't:Material', folder: 'Assets', offset: 0, limit: 50 }
    const first = await catalog.search(opts)
    const again = await catalog.search(opts)
    const fresh = await new AssetCatalog(project).search(opts)
    expect({ ...again, ms: 0 }).toEqual({ ...first, ms: 0 })
    expect({ ...again, ms: 0 }).toEqual({ ...fresh, ms: 0 })
    // Other pages, folders and queries are their own answers.
    const next = await catalog.search({ ...opts, offset: 50 })
    expect(next.offset).toBe(50)
    expect(next.items[0]?.path).not.toBe(first.items[0]?.path)
    expect((await catalog.search({ ...opts, folder: null })).total).toBeGreaterThanOrEqual(first.total)
  })
})
