import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnityProject } from '../unity/unity-project'
import { CodeService } from './code-service'

/**
 * `Pool` and `Pool<T>` are two types (as UniTask's UniTaskCompletionSource and
 * UniTaskCompletionSource<T> are): the parser sees the type arguments, so a use goes to the
 * declaration with as many type parameters, and references of one are not the other's.
 */
const POOLS = `namespace Game
{
    public class Pool { public void Clear() { } }
    public class Pool<T> { public T Take() => default; }
    public class Map<K, V> { }
}
`
const USER = `using System;
namespace Game
{
    public class User
    {
        Pool plain;
        Pool<int> ints;
        Map<string, Pool<int>> nested;
        void Run()
        {
            var a = new Pool();
            var b = new Pool<string>();
            Type open = typeof(Pool<>);
            Type map = typeof(Map<,>);
            var c = (Pool)null;
        }
    }
}
`
let root: string
let dataDir: string
let service: CodeService

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-generics-'))
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-generics-data-'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
  fs.mkdirSync(path.join(root, 'Assets'))
  fs.writeFileSync(path.join(root, 'Assets', 'Pools.cs'), POOLS)
  fs.writeFileSync(path.join(root, 'Assets', 'User.cs'), USER)
  const project = await UnityProject.openAsync(root, { cacheDir: path.join(dataDir, 'cache') })
  service = new CodeService({ dataDir, unityProject: async () => project })
})
afterAll(async () => {
  await service.close()
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** 0-based line and column of every whole-word `Pool` in USER followed (or not) by `<`. */
function usesInUser(generic: boolean): string[] {
  const out: string[] = []
  USER.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/\bPool\b(\s*<)?/g)) if (Boolean(m[1]) === generic) out.push(`Assets/User.cs:${i + 1}:${m.index! + 1}`)
  })
  return out
}

describe('generic and non-generic types of one name', () => {
  it('references of Pool are the uses without type arguments, and of Pool<T> those with one', async () => {
    const { index } = await service.get()
    const decl = (sig: string) => {
      const i = POOLS.split('\n').findIndex((l) => l.includes(sig))
      return { line: i, column: POOLS.split('\n')[i].indexOf('Pool', POOLS.split('\n')[i].indexOf('class')) }
    }
    const at = (d: { line: number; column: number }) => index.references('Assets/Pools.cs', d.line, d.column, false).map((r) => `${r.path}:${r.line}:${r.column}`).sort()
    const plain = at(decl('public class Pool {'))
    const generic = at(decl('public class Pool<T>'))
    expect(plain).toEqual(usesInUser(false).sort())
    expect(generic).toEqual(usesInUser(true).sort())
    expect(plain.length).toBe(3)
    expect(generic.length).toBe(4) // Pool<int>, Pool<int> inside Map<…>, new Pool<string>(), typeof(Pool<>)
  })

  it('go to definition picks the declaration with as many type parameters', async () => {
    const { index } = await service.get()
    const lines = USER.split('\n')
    const def = (needle: string) => {
      const i = lines.findIndex((l) => l.includes(needle))
      return index.definition('Assets/User.cs', i, lines[i].indexOf(needle)).map((d) => d.signature)
    }
    expect(def('Pool plain')).toEqual(['public class Pool'])
    expect(def('Pool<int> ints')).toEqual(['public class Pool<T>'])
    expect(def('Pool<>')).toEqual(['public class Pool<T>'])
    expect(def('Map<,>')).toEqual(['public class Map<K, V>'])
  })
})
