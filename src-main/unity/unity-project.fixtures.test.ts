import { describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { UnityProject } from './unity-project'
import { findRefs } from './queries'

/**
 * The figures of issue 3, counted independently of this code (with ripgrep), for the three real
 * projects in ../shared/fixtures/unity. If one of these changes, the indexer is wrong.
 */
const expected = {
  BoatAttack: { unityVersion: '2020.3.23f1', declared: 737, occurrences: 18307, distinct: 481, unresolved: 124, builtin: 2, scenes: 4, enabled: 2 },
  '2d-techdemos': { unityVersion: '6000.3.3f1', declared: 531, occurrences: 2160, distinct: 448, unresolved: 197, builtin: 2, scenes: 0, enabled: 0 },
  NavMeshComponents: { unityVersion: '5.6.0f3', declared: 94, occurrences: 907, distinct: 53, unresolved: 4, builtin: 2, scenes: 0, enabled: 0 },
} as const

describe.each(Object.entries(expected))('fixture %s', (name, want) => {
  const project = UnityProject.open(unityFixture(name as keyof typeof expected), { cacheDir: null })
  const s = project.summary()

  it('matches the independently counted figures', () => {
    expect({
      unityVersion: s.unityVersion,
      declared: s.guids.declared,
      occurrences: s.references.occurrences,
      distinct: s.references.distinctGuids,
      unresolved: s.unresolved.distinct,
      builtin: s.unresolved.builtin,
      scenes: s.scenesInBuild.length,
      enabled: s.scenesInBuild.filter((x) => x.enabled).length,
    }).toEqual(want)
  })

  it('keeps every GUID as 32 lowercase hex and every asset path project-relative', () => {
    for (const p of project.index.allAssetPaths()) {
      expect(p.startsWith('/')).toBe(false)
      const a = project.index.asset(p)!
      if (a.guid !== null) expect(a.guid).toMatch(/^[0-9a-f]{32}$/)
    }
  })
})

describe('BoatAttack oddities', () => {
  const project = UnityProject.open(unityFixture('BoatAttack'), { cacheDir: null })
  const s = project.summary()
  const diag = (kind: string) => s.diagnostics.filter((d) => d.kind === kind).map((d) => d.path)

  it('reads product, build list, packages, scoped registry and the embedded package', () => {
    expect(s.productName).toBe('BoatAttack')
    expect(s.scenesInBuild[0]).toEqual({ path: 'Assets/scenes/demo_Island.unity', enabled: true, guid: 'b3bf1324da98a41e796a5881dd3812eb' })
    expect(s.scenesInBuild.map((x) => x.enabled)).toEqual([true, false, false, true])
    expect(s.scopedRegistries).toEqual([{ name: 'OpenUPM', url: 'https://package.openupm.com', scopes: ['com.dbrizov', 'net.peeweek'] }])
    expect(s.testables).toEqual(['com.unity.testframework.graphics'])
    expect(s.packages.find((p) => p.name === 'com.verasl.water-system')).toMatchObject({ source: 'embedded', path: 'Packages/com.verasl.water-system' })
    expect(s.packages.find((p) => p.name === 'com.unity.addressables')).toMatchObject({ version: '1.19.11', source: 'registry' })
    expect(s.settings?.applicationIdentifier.Android).toBe('com.Unity3d.BoatAttackDay')
    expect(s.settings?.scriptingBackend).toEqual({ Android: 'il2cpp', Standalone: 'mono' })
    expect(s.settings?.scriptingDefineSymbols['1']).toEqual(['URP', 'USE_CUSTOM_METADATA'])
  })

  it('names the 186 LFS pointer files (162 in Assets, the rest in the embedded package)', () => {
    const lfs = diag('lfs-pointer')
    expect(lfs).toHaveLength(186)
    expect(lfs.filter((p) => p.startsWith('Assets/'))).toHaveLength(162)
  })

  it('does not call assets Unity always writes binary (lighting, NavMesh, terrain data) problems', () => {
    // The 11 binary .asset files of BoatAttack are all baked data: their class comes from the
    // binary header (LightingDataAsset, NavMeshData, TerrainData), not from the file name.
    const binary = [...project.index.files.values()].filter((f) => f.storage === 'binary' && f.path.endsWith('.asset'))
    expect(binary).toHaveLength(11)
    const types = new Set(binary.map((f) => project.index.asset(f.path)!.type))
    expect([...types].sort()).toEqual(['LightProbes', 'LightingDataAsset', 'NavMeshData', 'TerrainData'])
    expect(diag('binary-serialized')).toEqual([])
  })

  it('names the orphan .meta files (assets of 4 MiB or more were left out of the fixture)', () => {
    expect(diag('orphan-meta').sort()).toEqual([
      'Assets/TextMesh Pro/Resources/Fonts & Materials/LiberationSans SDF.asset.meta',
      'Assets/scenes/_levels/level_Island/OcclusionCullingData.asset.meta',
      'Packages/com.verasl.water-system/Textures/WaterSurface.asset.meta',
    ])
  })

  it('reports AiController.cs / AIcontroller.cs.meta as a case-only mismatch and still pairs them', () => {
    const d = s.diagnostics.find((x) => x.kind === 'case-mismatch')!
    expect(d.path).toBe('Assets/Scripts/Boat/AIcontroller.cs.meta')
    expect(d.message).toContain('AiController.cs')
    expect(project.index.asset('Assets/Scripts/Boat/AiController.cs')!.guid).toBe('697dbf309fa4d48eeb5f5a4e15e77385')
    expect(diag('missing-meta')).not.toContain('Assets/Scripts/Boat/AiController.cs')
  })

  it('answers dependencies and used-by, naming built-ins and unresolved GUIDs', () => {
    const refs = findRefs(project, 'Assets/scenes/main_menu.unity')!
    expect(refs.asset).toEqual({ path: 'Assets/scenes/main_menu.unity', guid: 'c817c1b09586c49e5b4a849ce1cf119b', type: 'Scene' })
    const mainMenuUi = refs.dependencies.find((d) => d.path === 'Assets/Objects/UI/prefabs/MainMenu/MainMenuUI.prefab')
    expect(mainMenuUi).toMatchObject({ type: 'Prefab', depth: 1 })
    expect(refs.dependencies.find((d) => d.guid === '0000000000000000e000000000000000')?.builtin).toMatch(/extra/)
    expect(refs.dependencies.some((d) => d.path === null && d.builtin === null)).toBe(true)
    const users = findRefs(project, mainMenuUi!.guid)!.usedBy.map((u) => u.path)
    expect(users).toContain('Assets/scenes/main_menu.unity')
    const transitive = findRefs(project, 'Assets/scenes/main_menu.unity', true)!
    expect(transitive.dependencies.length).toBeGreaterThan(refs.dependencies.length)
    expect(transitive.dependencies.some((d) => d.depth > 1)).toBe(true)
  })
})

describe('NavMeshComponents (Unity 5.6)', () => {
  const project = UnityProject.open(unityFixture('NavMeshComponents'), { cacheDir: null })
  const s = project.summary()
  it('has no package manifest and reports its binary prefabs', () => {
    expect(s.packages).toEqual([])
    expect(s.diagnostics.filter((d) => d.kind === 'binary-serialized' && d.path.endsWith('.prefab'))).toHaveLength(16)
    expect(s.settings?.applicationIdentifier.Default).toBe('com.Company.ProductName')
  })
})

describe('2d-techdemos (Unity 6)', () => {
  const s = UnityProject.open(unityFixture('2d-techdemos'), { cacheDir: null }).summary()
  it('reads the git-URL package and an empty build list', () => {
    expect(s.packages.find((p) => p.name === 'com.unity.2d.tilemap.extras')).toMatchObject({ source: 'git' })
    expect(s.scenesInBuild).toEqual([])
    expect(s.diagnostics.filter((d) => d.kind !== 'lfs-pointer')).toEqual([])
  })
})

describe('openAsync on worker threads', () => {
  it('gives exactly the same index as the single-threaded open', async () => {
    const root = unityFixture('BoatAttack')
    const sequential = UnityProject.open(root, { cacheDir: null })
    const parallel = await UnityProject.openAsync(root, { cacheDir: null, threads: 2, parallelFrom: 0 })
    const strip = (s: ReturnType<UnityProject['summary']>) => ({ ...s, timings: null })
    expect(strip(parallel.summary())).toEqual(strip(sequential.summary()))
    // Same records in the same order (facts reach the index in walk order, whichever thread read them).
    expect([...parallel.index.files.values()]).toEqual([...sequential.index.files.values()])
    expect([...parallel.index.metas.values()]).toEqual([...sequential.index.metas.values()])
    expect(parallel.stats.bytesRead).toBe(sequential.stats.bytesRead)
    expect(parallel.stats.workers).toBeGreaterThanOrEqual(1)
  })
})
