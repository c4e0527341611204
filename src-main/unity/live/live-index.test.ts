import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndexChange } from '../../../src-shared/types-unity'
import { unityFixture } from '../../testing/fixtures'
import { loadIndexCache, saveIndexCache } from '../index/index-cache'
import { createMeta, setImportSettings } from '../meta/meta-ops'
import { UnityProject } from '../unity-project'
import { ProjectWatcher } from './project-watcher'
import { revalidate } from './revalidate'

/** Tests that change files work on a copy of NavMeshComponents in a temp dir (never the fixture). */
let dir: string
let root: string
let cacheDir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-unity-live-'))
  root = path.join(dir, 'project')
  cacheDir = path.join(dir, 'cache')
  fs.cpSync(unityFixture('NavMeshComponents'), root, { recursive: true })
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), text)
}
const mat = (guid: string) => `%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n--- !u!21 &2100000\nMaterial:\n  m_Name: New\n  m_Shader: {fileID: 46, guid: ${guid}, type: 0}\n`

describe('persisted cache', () => {
  it('reopens from the cache without re-reading unchanged files, and re-reads exactly what changed', () => {
    const first = UnityProject.open(root, { cacheDir })
    expect(first.stats.cacheUsed).toBe(false)
    const figures = first.summary().references
    const again = UnityProject.open(root, { cacheDir })
    expect(again.stats).toMatchObject({ cacheUsed: true, reread: 0 })
    expect(again.summary().references).toEqual(figures)

    const target = first.index.asset('Assets/Examples/Materials/Ground.mat') ?? first.index.asset([...first.index.files.keys()].find((p) => p.endsWith('.mat'))!)!
    write('Assets/Cached.mat', mat(target.guid!))
    const third = UnityProject.open(root, { cacheDir })
    expect(third.stats).toMatchObject({ cacheUsed: true, reread: 1 })
    expect(third.summary().references.occurrences).toBe(figures.occurrences + 1)
    fs.rmSync(path.join(root, 'Assets/Cached.mat'))
    expect(UnityProject.open(root, { cacheDir }).summary().references).toEqual(figures)
  })

  it('opens straight from the cache, then revalidate() catches up with edits made while closed', async () => {
    expect(UnityProject.openCached(root, { cacheDir: path.join(dir, 'no-cache-here') })).toBe(null)
    const full = UnityProject.open(root, { cacheDir })
    const figures = full.summary().references
    const cached = UnityProject.openCached(root, { cacheDir })!
    expect(cached.summary().references).toEqual(figures)
    expect(cached.summary().guids).toEqual(full.summary().guids)
    expect(cached.index.dirs.size).toBe(full.index.dirs.size)

    // While "closed": one file added, one removed.
    const victim = [...full.index.files.keys()].find((p) => p.endsWith('.mat') && full.index.files.get(p)!.occurrences > 0)!
    const victimText = fs.readFileSync(path.join(root, victim))
    write('Assets/WhileClosed.mat', mat('0000000000000000f000000000000000'))
    fs.rmSync(path.join(root, victim))
    const stale = UnityProject.openCached(root, { cacheDir })!
    expect(stale.index.files.has(victim)).toBe(true)
    const change = await revalidate(stale)
    expect(change.changed).toEqual(['Assets/WhileClosed.mat'])
    expect(change.removed).toEqual([victim])
    expect(stale.summary().references.occurrences).toBe(figures.occurrences + 1 - full.index.files.get(victim)!.occurrences)
    expect(UnityProject.open(root, { cacheDir: null }).summary().references).toEqual(stale.summary().references)
    fs.writeFileSync(path.join(root, victim), victimText)
    fs.rmSync(path.join(root, 'Assets/WhileClosed.mat'))
  })

  it('ignores a damaged cache file', () => {
    const p = UnityProject.open(root, { cacheDir })
    for (const f of fs.readdirSync(path.join(cacheDir, 'unity-index'))) fs.writeFileSync(path.join(cacheDir, 'unity-index', f), '{"format": 6, "files": [')
    const reopened = UnityProject.open(root, { cacheDir })
    expect(reopened.stats.cacheUsed).toBe(false)
    expect(reopened.summary().guids).toEqual(p.summary().guids)
  })

  it('ignores a truncated cache file', () => {
    const p = UnityProject.open(root, { cacheDir })
    for (const f of fs.readdirSync(path.join(cacheDir, 'unity-index'))) {
      const file = path.join(cacheDir, 'unity-index', f)
      const bytes = fs.readFileSync(file)
      fs.writeFileSync(file, bytes.subarray(0, bytes.length >> 1))
    }
    const reopened = UnityProject.open(root, { cacheDir })
    expect(reopened.stats.cacheUsed).toBe(false)
    expect(reopened.summary().references).toEqual(p.summary().references)
  })

  it('gives back exactly the records it saved', () => {
    const p = UnityProject.open(root, { cacheDir: null })
    const dir = path.join(cacheDir, 'roundtrip')
    saveIndexCache(dir, root, p.index.files.values(), p.index.metas.values(), p.index.dirs.keys())
    const back = loadIndexCache(dir, root)!
    expect(back.files).toEqual([...p.index.files.values()])
    expect(back.metas).toEqual([...p.index.metas.values()])
    expect(back.dirs).toEqual([...p.index.dirs.keys()])
  })
})

describe('file watcher', () => {
  let project: UnityProject
  let watcher: ProjectWatcher
  const waiters: { pred: (c: IndexChange) => boolean; resolve: (c: IndexChange) => void }[] = []
  /** Resolves with the first index change that satisfies `pred` (the watcher's own event: no sleeps). */
  const nextChange = (pred: (c: IndexChange) => boolean) => new Promise<IndexChange>((resolve) => waiters.push({ pred, resolve }))

  beforeAll(async () => {
    project = UnityProject.open(root, { cacheDir: null })
    watcher = new ProjectWatcher(project, {
      saveDelayMs: 0,
      onChange: (c) => {
        for (const w of [...waiters]) {
          if (!w.pred(c)) continue
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(c)
        }
      },
    })
    await watcher.start()
  })
  afterAll(() => watcher.stop())

  it('adds, updates and removes a file’s edges incrementally', async () => {
    const [someGuid] = [...project.index.declaredGuids()]
    const before = project.index.usedBy(someGuid).length
    const added = nextChange((c) => c.changed.includes('Assets/Live.mat'))
    write('Assets/Live.mat', mat(someGuid))
    await added
    expect(project.index.usedBy(someGuid).map((u) => u.path)).toContain('Assets/Live.mat')
    expect(project.index.usedBy(someGuid).length).toBe(before + 1)

    const edited = nextChange((c) => c.changed.includes('Assets/Live.mat'))
    write('Assets/Live.mat', mat('0000000000000000f000000000000000'))
    await edited
    expect(project.index.usedBy(someGuid).map((u) => u.path)).not.toContain('Assets/Live.mat')
    expect(project.index.dependencies('Assets/Live.mat')[0]).toMatchObject({ guid: '0000000000000000f000000000000000', builtin: expect.stringMatching(/default/) })

    const removed = nextChange((c) => c.removed.includes('Assets/Live.mat'))
    fs.rmSync(path.join(root, 'Assets/Live.mat'))
    await removed
    expect(project.index.files.has('Assets/Live.mat')).toBe(false)
  })

  it('indexes a folder moved in as one event, and drops it when deleted', async () => {
    const outside = path.join(dir, 'incoming')
    fs.mkdirSync(path.join(outside, 'Sub'), { recursive: true })
    fs.writeFileSync(path.join(outside, 'Sub', 'A.mat'), mat('0000000000000000e000000000000000'))
    const moved = nextChange((c) => c.changed.includes('Assets/Incoming/Sub/A.mat'))
    fs.renameSync(outside, path.join(root, 'Assets/Incoming'))
    await moved
    expect(project.index.dirs.has('Assets/Incoming/Sub')).toBe(true)
    const gone = nextChange((c) => c.removed.includes('Assets/Incoming/Sub/A.mat'))
    fs.rmSync(path.join(root, 'Assets/Incoming'), { recursive: true })
    await gone
    expect(project.index.files.has('Assets/Incoming/Sub/A.mat')).toBe(false)
  })

  it('reports a .meta edited into a duplicate GUID, and clears it when fixed', async () => {
    write('Assets/Dup.txt', 'x')
    const created = createMeta(project, 'Assets/Dup.txt')
    expect(created.importer).toBe('TextScriptImporter')
    const metaAbs = path.join(root, created.path)
    const original = fs.readFileSync(metaAbs, 'utf8')
    const [otherGuid] = [...project.index.declaredGuids()].filter((g) => g !== created.guid)
    const dup = nextChange((c) => c.changed.includes('Assets/Dup.txt.meta'))
    fs.writeFileSync(metaAbs, original.replace(created.guid, otherGuid))
    await dup
    expect(project.diagnostics().filter((d) => d.kind === 'duplicate-guid').map((d) => d.path)).toContain('Assets/Dup.txt.meta')
    const fixed = nextChange((c) => c.changed.includes('Assets/Dup.txt.meta'))
    fs.writeFileSync(metaAbs, `${original}\n`)
    await fixed
    expect(project.diagnostics().filter((d) => d.kind === 'duplicate-guid')).toEqual([])
  })

  it('setImportSettings rewrites one line and the index follows', () => {
    const png = [...project.index.files.keys()].find((p) => p.endsWith('.png') && project.index.metaOf(p)?.importer === 'TextureImporter')!
    const metaAbs = path.join(root, `${png}.meta`)
    const before = fs.readFileSync(metaAbs, 'utf8')
    const r = setImportSettings(project, png, { maxTextureSize: '256' })
    expect(r.changed).toEqual(['maxTextureSize'])
    const after = fs.readFileSync(metaAbs, 'utf8')
    const changedLines = after.split('\n').filter((l, i) => l !== before.split('\n')[i])
    expect(changedLines).toEqual(['  maxTextureSize: 256'])
    expect(project.index.metaOf(png)!.size).toBe(Buffer.byteLength(after))
  })

  it('refuses to overwrite an existing .meta', () => {
    expect(() => createMeta(project, 'Assets/Dup.txt')).toThrow(/already exists/)
  })
})
