import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { unityFixture } from '../testing/fixtures'
import { UnityProject } from '../unity/unity-project'
import { AssetCatalog } from './asset-catalog'

/**
 * `t:<Type>` searches on the three shared projects, against expectations computed here from the
 * .meta files themselves with plain regexes (Unity's rules, written independently of the indexer):
 * the importer named in the .meta and its texture type, shape, sprite mode and mainObjectFileID.
 */
interface Meta {
  asset: string
  ext: string
  importer: string | null
  text: string
  int(key: string): number | null
  assetText(): string
}

function pairedAsset(root: string, asset: string): string | null {
  const dir = path.dirname(asset)
  const name = path.basename(asset).toLowerCase()
  const hit = fs.readdirSync(path.join(root, dir), { withFileTypes: true }).find((e) => e.isFile() && e.name.toLowerCase() === name)
  return hit ? `${dir}/${hit.name}` : null
}

function metasOf(root: string): Meta[] {
  const out: Meta[] = []
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name.endsWith('~')) continue
      const r = `${rel}/${e.name}`
      if (e.isDirectory()) walk(r)
      else if (e.name.endsWith('.meta')) {
        // The asset beside it, letter case aside (as Windows and macOS pair them).
        const asset = pairedAsset(root, r.slice(0, -5))
        if (!asset) continue
        const text = fs.readFileSync(path.join(root, r), 'utf8')
        out.push({
          asset,
          ext: path.extname(asset).toLowerCase(),
          importer: /^(\w+Importer):/m.exec(text)?.[1] ?? null,
          text,
          assetText: () => fs.readFileSync(path.join(root, asset), 'latin1'),
          int: (key) => {
            const m = new RegExp(`^ +${key}: (-?\\d+)\\s*$`, 'm').exec(text)
            return m ? Number(m[1]) : null
          },
        })
      }
    }
  }
  walk('Assets')
  const pk = path.join(root, 'Packages')
  if (fs.existsSync(pk)) for (const d of fs.readdirSync(pk)) if (fs.existsSync(path.join(pk, d, 'package.json'))) walk(`Packages/${d}`)
  return out
}

const isSprite = (m: Meta) => m.importer === 'TextureImporter' && (m.int('textureType') === 8 || m.int('textureType') === 5) && (m.int('spriteMode') ?? 0) > 0 && ![2, 4, 8].includes(m.int('textureShape') ?? 1)
/**
 * The main object's local ID: mainObjectFileID in the .meta, else (older .meta files) the
 * document of the asset whose ID is its class ID × 100000.
 */
const mainObject = (m: Meta) => {
  const id = m.int('mainObjectFileID')
  if (id !== null && id !== 0) return id
  if (m.ext === '.unity' || m.ext === '.prefab') return null
  const text = m.assetText()
  for (const d of text.matchAll(/^--- !u!(\d+) &(\d+)/gm)) if (d[2] === `${d[1]}00000`) return Number(d[2])
  return null
}

const ORACLE: Record<string, (m: Meta) => boolean> = {
  Sprite: isSprite,
  Texture2D: (m) => m.importer === 'IHVImageFormatImporter' || (m.importer === 'TextureImporter' && ![2, 4, 8].includes(m.int('textureShape') ?? 1) && !(m.int('textureShape') === null && m.int('textureType') === 3)),
  Material: (m) => m.ext === '.mat' || mainObject(m) === 2100000,
  Prefab: (m) => m.ext === '.prefab',
  Scene: (m) => m.ext === '.unity',
  AudioClip: (m) => m.importer === 'AudioImporter',
  Model: (m) => m.importer === 'ModelImporter',
  Shader: (m) => m.importer === 'ShaderImporter' || m.ext === '.shadergraph',
  // A .meta without importer settings gets the extension's default importer (MonoImporter for .cs).
  Script: (m) => m.importer === 'MonoImporter' || (m.importer === null && m.ext === '.cs'),
  AnimationClip: (m) => m.ext === '.anim' || mainObject(m) === 7400000,
  AnimatorController: (m) => m.ext === '.controller' || mainObject(m) === 9100000,
  Font: (m) => m.importer === 'TrueTypeFontImporter' || m.ext === '.fontsettings',
  TextAsset: (m) => m.importer === 'TextScriptImporter',
}

describe.each(['BoatAttack', '2d-techdemos', 'NavMeshComponents'] as const)('t: types on %s', (name) => {
  const root = unityFixture(name)
  const catalog = new AssetCatalog(UnityProject.open(root, { cacheDir: null }))
  const metas = metasOf(root)

  it.each(Object.keys(ORACLE))('t:%s finds exactly the assets its .meta makes that type', async (type) => {
    const want = metas.filter(ORACLE[type]).map((m) => m.asset).sort()
    const got = (await catalog.search({ query: `t:${type}`, folder: null, offset: 0, limit: 100_000 })).items.map((a) => a.path).sort()
    expect(got).toEqual(want)
  })

  it('t:Sprite is not every texture', async () => {
    const textures = metas.filter((m) => m.importer === 'TextureImporter').length
    const sprites = metas.filter(isSprite).length
    if (textures > 0) expect(sprites).toBeLessThan(textures)
    expect((await catalog.search({ query: 't:Sprite', folder: null, offset: 0, limit: 100_000 })).total).toBe(sprites)
  })
})
