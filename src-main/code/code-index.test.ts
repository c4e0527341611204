import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyChanges } from '../unity/live/apply-changes'
import { UnityProject } from '../unity/unity-project'
import { CodeService } from './code-service'

/**
 * The symbol index on real C# written into a small Unity project: definitions, symbol-aware
 * references (not comments, strings, locals, or another type's member of the same name), outline,
 * hover text, incremental updates and the persisted cache.
 */
const ENGINE = `using UnityEngine;
using Boat.Parts;

namespace Boat
{
    /// <summary>Drives the boat forward.</summary>
    public class Engine : MonoBehaviour
    {
        [SerializeField] private float speed = 3f;
        public Buoy buoy;

        void Update()
        {
            // Float is also a word in this comment, and "Float" in the string below.
            var b = new Buoy();
            b.Float(speed);
            buoy.Float(1);
            Float();
            string s = "Float";
            float Throttle = 2; Debug.Log(Throttle + s);
        }

        public void Float() { }
        public float Throttle => speed;
    }
}
`
const BUOY = `namespace Boat.Parts
{
    public class Buoy
    {
        public void Float(float height) { }
    }
}
`
const USER = `namespace Boat
{
    public class Dock
    {
        Engine engine;
        void Moor() { engine.Float(); var t = engine.Throttle; }
    }
}
`

let root: string
let dataDir: string
let project: UnityProject
let service: CodeService

function write(rel: string, text: string) {
  const abs = path.join(root, rel)
  fs.mkdirSync(path.dirname(abs), { recursive: true })
  fs.writeFileSync(abs, text)
}

const posOf = (text: string, needle: string, nth = 0): { line: number; column: number } => {
  let at = -1
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1)
  const before = text.slice(0, at)
  return { line: before.split('\n').length - 1, column: at - before.lastIndexOf('\n') - 1 }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-code-data-'))
  write('ProjectSettings/ProjectVersion.txt', 'm_EditorVersion: 2022.3.10f1\n')
  write('Assets/Scripts/Engine.cs', ENGINE)
  write('Assets/Scripts/Parts/Buoy.cs', BUOY)
  write('Assets/Scripts/Dock.cs', USER)
  project = await UnityProject.openAsync(root, { cacheDir: path.join(dataDir, 'cache') })
  service = new CodeService({ dataDir, unityProject: async () => project })
})

afterAll(async () => {
  await service.close()
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('C# symbol index', () => {
  it('finds declarations by simple and qualified name', async () => {
    const { index } = await service.get()
    expect(index.findDeclarations('Engine').map((d) => [d.path, d.kind, d.fullName])).toEqual([['Assets/Scripts/Engine.cs', 'class', 'Boat.Engine']])
    const floats = index.findDeclarations('Float').map((d) => d.fullName)
    expect(floats.sort()).toEqual(['Boat.Engine.Float', 'Boat.Parts.Buoy.Float'])
    expect(index.findDeclarations('Buoy.Float').map((d) => d.fullName)).toEqual(['Boat.Parts.Buoy.Float'])
    const engine = index.findDeclarations('Engine')[0]
    expect(engine.doc).toBe('Drives the boat forward.')
    expect(engine.signature).toBe('public class Engine : MonoBehaviour')
    expect(index.findDeclarations('Update')[0].unityMessage).toBe(true)
    expect(index.findDeclarations('Float').some((d) => d.unityMessage)).toBe(false)
  })

  it('go to definition resolves a use by its context', async () => {
    const { index } = await service.get()
    const at = (needle: string, nth = 0) => {
      const p = posOf(ENGINE, needle, nth)
      return index.definition('Assets/Scripts/Engine.cs', p.line, p.column).map((d) => d.fullName)
    }
    expect(at('Buoy()')).toEqual(['Boat.Parts.Buoy'])
    expect(at('Float(speed)')).toEqual(['Boat.Parts.Buoy.Float']) // b is a local declared as new Buoy()
    expect(at('Float(1)')).toEqual(['Boat.Parts.Buoy.Float']) // buoy is a field of type Buoy
    expect(at('Float();')).toEqual(['Boat.Engine.Float']) // unqualified: the enclosing type's own member
    expect(at('speed);')).toEqual(['Boat.Engine.speed'])
  })

  it('find references is symbol-aware', async () => {
    const { index } = await service.get()
    const decl = posOf(ENGINE, 'Float() { }')
    const refs = index.references('Assets/Scripts/Engine.cs', decl.line, decl.column)
    const where = refs.map((r) => `${r.path}:${r.line}:${r.column}${r.declaration ? ' decl' : ''}`)
    const call = posOf(ENGINE, 'Float();')
    const dock = posOf(USER, 'Float()')
    // The declaration, the unqualified call in Engine, and engine.Float() in Dock (a field of type Engine);
    // not the comment, the string, nor b.Float / buoy.Float (Buoy's method).
    expect(where).toEqual([
      `Assets/Scripts/Engine.cs:${decl.line + 1}:${decl.column + 1} decl`,
      `Assets/Scripts/Dock.cs:${dock.line + 1}:${dock.column + 1}`,
      `Assets/Scripts/Engine.cs:${call.line + 1}:${call.column + 1}`,
    ].sort((a, b) => (a.endsWith('decl') ? -1 : b.endsWith('decl') ? 1 : a.localeCompare(b))))

    // A local named like a property is not a use of the property.
    const prop = posOf(ENGINE, 'Throttle =>')
    const throttle = index.references('Assets/Scripts/Engine.cs', prop.line, prop.column, false)
    expect(throttle.map((r) => r.path)).toEqual(['Assets/Scripts/Dock.cs'])
  })

  it('lists an outline and workspace symbols', async () => {
    const { index } = await service.get()
    expect(index.outline('Assets/Scripts/Parts/Buoy.cs').map((d) => `${d.kind} ${d.name}`)).toEqual(['namespace Boat.Parts', 'class Buoy', 'method Float'])
    const ws = index.workspaceSymbols('buo').map((d) => d.fullName)
    expect(ws[0]).toBe('Boat.Parts.Buoy')
    expect(ws).toContain('Boat.Engine.buoy')
  })

  it('follows file changes through the Unity index and persists what it parsed', async () => {
    write('Assets/Scripts/Parts/Buoy.cs', BUOY.replace('public void Float', 'public void Sink(int depth) { }\n        public void Float'))
    // What the file watcher does on a change event.
    applyChanges(project, [path.join(root, 'Assets/Scripts/Parts/Buoy.cs')])
    const { index } = await service.get()
    expect(index.findDeclarations('Sink').map((d) => d.fullName)).toEqual(['Boat.Parts.Buoy.Sink'])
    service.saveNow()

    const again = new CodeService({ dataDir, unityProject: async () => project })
    const { index: reopened } = await again.get()
    expect(again.status().fromCache).toBe(true)
    expect(reopened.findDeclarations('Sink').length).toBe(1)
    await again.close()
  })
})
