import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { UnityProject } from '../unity/unity-project'
import { AssetCatalog } from './asset-catalog'

/** The dashboard headline (summary.problems), its chips (byKind) and is:problem are one set. */
describe.each(['BoatAttack', '2d-techdemos', 'NavMeshComponents'] as const)('problems of %s', (name) => {
  const project = UnityProject.open(unityFixture(name), { cacheDir: null })
  const catalog = new AssetCatalog(project)

  it('is:problem lists exactly the assets the summary counts, with the same kinds', async () => {
    const s = project.summary()
    const r = await catalog.search({ query: 'is:problem', folder: null, offset: 0, limit: 100_000 })
    expect(r.total).toBe(s.problems.assets)
    const byKind: Record<string, number> = {}
    for (const a of r.items) for (const k of a.problems) byKind[k] = (byKind[k] ?? 0) + 1
    expect(byKind).toEqual(s.problems.byKind)
  })
})

describe('a .meta that is a Git LFS pointer', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-lfs-meta-'))
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
  it('is reported as an LFS pointer, not as unparseable', () => {
    fs.mkdirSync(path.join(tmp, 'ProjectSettings'))
    fs.mkdirSync(path.join(tmp, 'Assets'))
    fs.writeFileSync(path.join(tmp, 'Assets', 'a.png'), 'x')
    fs.writeFileSync(path.join(tmp, 'Assets', 'a.png.meta'), 'version https://git-lfs.github.com/spec/v1\noid sha256:0000000000000000000000000000000000000000000000000000000000000000\nsize 12\n')
    const d = UnityProject.open(tmp, { cacheDir: null }).diagnostics()
    expect(d.map((x) => `${x.kind} ${x.path}`)).toEqual(['lfs-pointer Assets/a.png.meta'])
  })
})
