import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnityProject } from '../unity/unity-project'
import { CodeService } from './code-service'

/**
 * Scripts of a registry package the project resolves from Library/PackageCache (outside the
 * folders a project keeps in git) are in the C# index under Unity's own path, Packages/<name>/…:
 * their types are found, and a project script's use of one goes to it.
 */
let root: string
let dataDir: string
let service: CodeService

function write(rel: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true })
  fs.writeFileSync(path.join(root, rel), text)
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-pkg-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-pkg-data-'))
  write('ProjectSettings/ProjectVersion.txt', 'm_EditorVersion: 2022.3.10f1\n')
  write('Packages/manifest.json', JSON.stringify({ dependencies: { 'com.example.wind': '1.2.0' } }))
  write('Packages/packages-lock.json', JSON.stringify({ dependencies: { 'com.example.wind': { version: '1.2.0', depth: 0, source: 'registry', dependencies: {}, url: 'https://packages.example' } } }))
  const pkg = 'Library/PackageCache/com.example.wind@1.2.0'
  write(`${pkg}/package.json`, JSON.stringify({ name: 'com.example.wind', version: '1.2.0' }))
  write(`${pkg}/Runtime/WindZone2.cs`, 'namespace Example.Wind\n{\n    public class WindZone2\n    {\n        public float Strength;\n    }\n}\n')
  write(`${pkg}/Runtime/WindZone2.cs.meta`, 'fileFormatVersion: 2\nguid: 0123456789abcdef0123456789abcdef\n')
  write('Assets/Scripts/Sail.cs', 'using Example.Wind;\npublic class Sail\n{\n    WindZone2 zone;\n    float Pull() { return zone.Strength; }\n}\n')
  const project = await UnityProject.openAsync(root, { cacheDir: path.join(dataDir, 'cache') })
  service = new CodeService({ dataDir, unityProject: async () => project })
})

afterAll(async () => {
  await service?.close()
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('C# index of packages outside the project', () => {
  it("finds a package's type under Packages/<name>/…, and a project script's use of it goes there", async () => {
    const { index } = await service.get()
    expect(index.findDeclarations('WindZone2').map((d) => [d.path, d.fullName])).toEqual([['Packages/com.example.wind/Runtime/WindZone2.cs', 'Example.Wind.WindZone2']])
    const sail = fs.readFileSync(path.join(root, 'Assets/Scripts/Sail.cs'), 'utf8').split('\n')
    const line = sail.findIndex((l) => l.includes('WindZone2 zone'))
    expect(index.definition('Assets/Scripts/Sail.cs', line, sail[line].indexOf('WindZone2')).map((d) => d.fullName)).toEqual(['Example.Wind.WindZone2'])
  })
})
