import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { makeFifo } from '../../testing/hostile-fs'
import { INLINE_SCENE_BYTES, parseSceneFile } from './scene-parse'
import { parseSceneModel } from './scene-model'

const BIG = path.join(unityFixture('BoatAttack'), 'Assets/Objects/Levels/Island/Environment Objects Prefabs/MainIsland.prefab')
const SMALL = path.join(unityFixture('NavMeshComponents'), 'Assets/Examples/Scenes/7_dungeon.unity')
const resolveGuid = (g: string) => (g.startsWith('0') ? `Assets/${g}.prefab` : null)

describe('scene parses off the main thread', () => {
  it('parses a large prefab on a worker while a small one is answered on the main thread', async () => {
    const bigSize = fs.statSync(BIG).size
    expect(bigSize).toBeGreaterThan(INLINE_SCENE_BYTES)
    let bigDone = false
    const big = parseSceneFile('MainIsland.prefab', BIG, bigSize, resolveGuid).then((d) => ((bigDone = true), d))
    const small = await parseSceneFile('7_dungeon.unity', SMALL, fs.statSync(SMALL).size, resolveGuid)
    expect(small.gameObjects.length).toBeGreaterThan(0)
    expect(bigDone).toBe(false) // the big parse did not hold the thread the small call needed
    // Same result as the inline parse, GUIDs resolved by the caller.
    expect(await big).toEqual(parseSceneModel('MainIsland.prefab', fs.readFileSync(BIG, 'utf8'), resolveGuid))
  })

  it('refuses a FIFO instead of waiting on it, inline and on the worker', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-scene-'))
    try {
      makeFifo(path.join(dir, 'x.unity'))
      await expect(parseSceneFile('x.unity', path.join(dir, 'x.unity'), 0, resolveGuid)).rejects.toThrow(/FIFO/)
      await expect(parseSceneFile('x.unity', path.join(dir, 'x.unity'), INLINE_SCENE_BYTES + 1, resolveGuid)).rejects.toThrow(/FIFO/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
