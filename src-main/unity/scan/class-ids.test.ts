import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../../testing/fixtures'
import { importerMainClass } from '../index/importer-main-class'
import { mainClassId } from './main-class-id'
import { serializedClassIds } from './serialized-file'

describe('class IDs of binary SerializedFiles', () => {
  it('reads the types of real baked-data files (format 15, 17 and 21)', () => {
    const head = (p: string) => fs.readFileSync(path.join(unityFixture(p.split(':')[0] as 'BoatAttack'), p.split(':')[1])).subarray(0, 65536)
    expect(serializedClassIds(head('BoatAttack:Assets/scenes/Testing/Water/LightingData.asset'))).toEqual([1120, 258])
    expect(serializedClassIds(head('BoatAttack:Assets/scenes/demo_Island/NavMesh-NavMesh 1.asset'))).toEqual([238])
    expect(serializedClassIds(head('NavMeshComponents:Assets/Examples/Terrains/Islands.asset'))).toEqual([28, 156])
    expect(serializedClassIds(head('NavMeshComponents:Assets/Examples/Prefabs/DungeonTiles/Tile0.prefab'))[0]).toBe(1)
  })

  it('never throws on garbage or a cut header', () => {
    const real = fs.readFileSync(path.join(unityFixture('BoatAttack'), 'Assets/scenes/Testing/Water/LightingData.asset')).subarray(0, 4096)
    for (let n = 0; n < 200; n++) expect(Array.isArray(serializedClassIds(real.subarray(0, n)))).toBe(true)
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => Array.isArray(serializedClassIds(Buffer.from(bytes)))))
  })
})

describe('main object of a text asset', () => {
  it('is the document at classID × 100000, not the first sub-asset', () => {
    const yaml = (docs: string[]) => Buffer.from(`%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n${docs.map((d) => `--- !u!${d}\nX:\n  a: 1\n`).join('')}`)
    expect(mainClassId(yaml(['21 &2103686', '114 &11400000']))).toBe('114')
    expect(mainClassId(yaml(['74 &-1234567', '91 &9100000']))).toBe('91')
    expect(mainClassId(yaml(['1 &123', '4 &456']))).toBe('1')
    expect(mainClassId(yaml(['21 &21000001']))).toBe('21')
  })
})

describe('importer main class', () => {
  const s = (o: Record<string, number>) => (k: string) => o[k] ?? null
  it('sprites only when imported as sprites; shapes; mainObjectFileID', () => {
    expect(importerMainClass('TextureImporter', s({ textureType: 8, spriteMode: 1 }))).toBe('Sprite')
    expect(importerMainClass('TextureImporter', s({ textureType: 8, spriteMode: 0 }))).toBe('Texture2D')
    expect(importerMainClass('TextureImporter', s({ textureType: 0, spriteMode: 1 }))).toBe('Texture2D')
    expect(importerMainClass('TextureImporter', s({ textureType: 5, spriteMode: 2 }))).toBe('Sprite')
    expect(importerMainClass('TextureImporter', s({ textureShape: 2 }))).toBe('Cubemap')
    expect(importerMainClass('TextureImporter', s({ textureType: 3 }))).toBe('Cubemap')
    expect(importerMainClass('NativeFormatImporter', s({ mainObjectFileID: 11400000 }))).toBe('MonoBehaviour')
    expect(importerMainClass('NativeFormatImporter', s({ mainObjectFileID: 0 }))).toBe(null)
    expect(importerMainClass('NativeFormatImporter', s({ mainObjectFileID: 2100001 }))).toBe(null)
    expect(importerMainClass('AudioImporter', s({}))).toBe('AudioClip')
  })
})
