import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { changeBridge } from '../builds/bridge-package'
import { defaultProfile, loadProfiles, saveProfiles } from '../builds/profiles'
import { writeDiscoveryFile } from '../link/discovery-file'
import { createMeta, setImportSettings } from '../unity/meta/meta-ops'
import { UnityProject } from '../unity/unity-project'
import { hostileArea, type HostileArea } from '../testing/hostile-fs'
import { SettingsStore } from './settings-store'

/**
 * Every writer of the core, attacked the two ways a project can: a link planted where the writer
 * puts its temp file (the old fixed and pid-based names), and a folder or file that is a link
 * out of the project. Nothing outside may change; the write lands inside or is refused.
 */
let area: HostileArea
beforeEach(() => {
  area = hostileArea()
})
afterEach(() => area.cleanup())

const victim = () => path.join(area.outside, 'victim.txt')
const untouched = () => expect(area.outsideSnapshot()).toEqual({ 'victim.txt': 'untouched\n' })
/** Links at every temp name a writer of today's main used next to `file`. */
function plantTempLinks(file: string): void {
  for (const name of [`${file}.slate-tmp`, `${file}.${process.pid}.tmp`, `${file}.slate-${process.pid}.tmp`]) fs.symlinkSync(victim(), name)
}

const META = (guid: string) => `fileFormatVersion: 2\nguid: ${guid}\nTextureImporter:\n  maxTextureSize: 2048\n  filterMode: 1\n`

describe('.meta writes', () => {
  beforeEach(() => {
    fs.writeFileSync(path.join(area.project, 'Assets', 'a.png'), 'png')
    fs.writeFileSync(path.join(area.project, 'Assets', 'a.png.meta'), META('0123456789abcdef0123456789abcdef'))
    fs.writeFileSync(path.join(area.project, 'Assets', 'b.txt'), 'b')
  })

  it('an importer edit ignores links planted at temp names and writes the .meta in place', () => {
    plantTempLinks(path.join(area.project, 'Assets', 'a.png.meta'))
    const project = UnityProject.open(area.project)
    expect(setImportSettings(project, 'Assets/a.png', { maxTextureSize: '256' }).changed).toEqual(['maxTextureSize'])
    expect(fs.readFileSync(path.join(area.project, 'Assets', 'a.png.meta'), 'utf8')).toContain('maxTextureSize: 256')
    untouched()
  })

  it('an importer edit of a .meta that is a link out of the project is refused', () => {
    const project = UnityProject.open(area.project)
    fs.writeFileSync(victim(), META('fedcba9876543210fedcba9876543210'))
    fs.rmSync(path.join(area.project, 'Assets', 'a.png.meta'))
    fs.symlinkSync(victim(), path.join(area.project, 'Assets', 'a.png.meta'))
    expect(() => setImportSettings(project, 'Assets/a.png', { maxTextureSize: '256' })).toThrow(/outside|link/)
    expect(fs.readFileSync(victim(), 'utf8')).toContain('maxTextureSize: 2048')
  })

  it('a new .meta is not written through a link planted at its name', () => {
    const project = UnityProject.open(area.project)
    fs.symlinkSync(victim(), path.join(area.project, 'Assets', 'b.txt.meta'))
    expect(() => createMeta(project, 'Assets/b.txt')).toThrow()
    untouched()
  })
})

describe('project files SLATE writes', () => {
  it('build profiles: planted temp links are not followed; a ProjectSettings link out is refused', async () => {
    plantTempLinks(path.join(area.project, 'ProjectSettings', 'SlateBuildProfiles.json'))
    await saveProfiles(area.project, [defaultProfile('StandaloneLinux64')])
    expect(await loadProfiles(area.project)).toHaveLength(1)
    untouched()
    fs.rmSync(path.join(area.project, 'ProjectSettings'), { recursive: true })
    fs.symlinkSync(area.outside, path.join(area.project, 'ProjectSettings'))
    await expect(saveProfiles(area.project, [defaultProfile('StandaloneLinux64')])).rejects.toMatchObject({ code: 'forbidden_path' })
    untouched()
  })

  it('bridge install: planted temp links are not followed, an embed folder linked out is replaced, not written through; a manifest linked out is neither read nor written', async () => {
    const manifest = path.join(area.project, 'Packages', 'manifest.json')
    // An old install's machine-specific entry: the install rewrites the manifest to drop it.
    fs.writeFileSync(manifest, '{\n  "dependencies": {\n    "com.slate.bridge": "file:/somewhere/unity-package"\n  }\n}\n')
    plantTempLinks(manifest)
    fs.symlinkSync(area.outside, path.join(area.project, 'Packages', 'com.slate.bridge'))
    await changeBridge(area.project, 'install', { apply: true })
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).dependencies).toEqual({})
    expect(fs.lstatSync(path.join(area.project, 'Packages', 'com.slate.bridge')).isDirectory()).toBe(true)
    expect(fs.existsSync(path.join(area.project, 'Packages', 'com.slate.bridge', 'package.json'))).toBe(true)
    untouched()
    fs.rmSync(manifest)
    fs.writeFileSync(victim(), '{"dependencies":{"secret":"1"}}')
    fs.symlinkSync(victim(), manifest)
    await expect(changeBridge(area.project, 'install', { apply: false })).rejects.toMatchObject({ code: 'forbidden_path' })
    expect(fs.readFileSync(victim(), 'utf8')).toBe('{"dependencies":{"secret":"1"}}')
  })

  it('the link discovery file: 0600, and a Library link out of the project is refused', async () => {
    fs.mkdirSync(path.join(area.project, 'Library'))
    plantTempLinks(path.join(area.project, 'Library', 'SlateLink.json'))
    const file = await writeDiscoveryFile(area.project, 'ws://127.0.0.1:1/link', 'tok')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    untouched()
    fs.rmSync(path.join(area.project, 'Library'), { recursive: true })
    fs.symlinkSync(area.outside, path.join(area.project, 'Library'))
    await expect(writeDiscoveryFile(area.project, 'ws://127.0.0.1:1/link', 'tok')).rejects.toMatchObject({ code: 'forbidden_path' })
    untouched()
  })
})

describe('settings (may hold team URLs with passwords)', () => {
  it('are written 0600, also over an older world-readable file, never through a planted temp link', async () => {
    const dataDir = path.join(area.root, 'data')
    fs.mkdirSync(dataDir)
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{"settings":{},"recent":[]}', { mode: 0o644 })
    fs.chmodSync(path.join(dataDir, 'settings.json'), 0o644)
    plantTempLinks(path.join(dataDir, 'settings.json'))
    const store = new SettingsStore(dataDir)
    await store.load()
    expect(fs.statSync(path.join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
    await store.update({ natsUrl: 'nats://team:secret@nats.example:4222' })
    expect(fs.statSync(path.join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toContain('secret@')
    untouched()
  })
})
