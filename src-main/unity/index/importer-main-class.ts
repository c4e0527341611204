import { className } from '../asset-types'

/**
 * The class of an asset's main object, from its importer and a few of the importer's settings:
 * what Unity's `t:<Type>` search matches on, without looking at the asset's extension.
 *
 * - TextureImporter: `textureShape` 2/4/8 is a Cubemap, Texture2DArray or Texture3D; otherwise a
 *   Texture2D, and `Sprite` when it is imported as sprites (`textureType: 8`, Sprite (2D and UI),
 *   with a `spriteMode` other than 0 = None; Unity 5's Advanced type 5 also made sprites when
 *   spriteMode was set). Unity ≤ 5.4 wrote Cubemaps as `textureType: 3` without a shape.
 * - NativeFormatImporter: `mainObjectFileID` is the main object's class ID × 100000 (Unity's fixed
 *   local ID for the main object of native assets), e.g. 2100000 Material, 11400000 MonoBehaviour
 *   (a ScriptableObject), 112000000 LightingDataAsset. 0 or absent: unknown here.
 * - The other importers each make one kind of main object.
 */
const BY_IMPORTER: Record<string, string> = {
  IHVImageFormatImporter: 'Texture2D',
  ModelImporter: 'GameObject',
  FBXImporter: 'GameObject',
  SketchUpImporter: 'GameObject',
  SpeedTreeImporter: 'GameObject',
  PrefabImporter: 'GameObject',
  AudioImporter: 'AudioClip',
  VideoClipImporter: 'VideoClip',
  MovieImporter: 'MovieTexture',
  TrueTypeFontImporter: 'Font',
  MonoImporter: 'MonoScript',
  ShaderImporter: 'Shader',
  ComputeShaderImporter: 'ComputeShader',
  ShaderIncludeImporter: 'ShaderInclude',
  TextScriptImporter: 'TextAsset',
  AssemblyDefinitionImporter: 'AssemblyDefinitionAsset',
  AssemblyDefinitionReferenceImporter: 'AssemblyDefinitionReferenceAsset',
  PluginImporter: 'Plugin',
  PackageManifestImporter: 'PackageManifest',
}

export function importerMainClass(importer: string, setting: (key: string) => number | null): string | null {
  if (importer === 'TextureImporter') {
    const shape = setting('textureShape')
    if (shape === 2) return 'Cubemap'
    if (shape === 4) return 'Texture2DArray'
    if (shape === 8) return 'Texture3D'
    const type = setting('textureType')
    if (shape === null && type === 3) return 'Cubemap'
    const spriteMode = setting('spriteMode') ?? 0
    if ((type === 8 || type === 5) && spriteMode > 0) return 'Sprite'
    return 'Texture2D'
  }
  if (importer === 'NativeFormatImporter') {
    const id = setting('mainObjectFileID')
    if (id === null || id <= 0 || id % 100000 !== 0) return null
    return className(String(id / 100000))
  }
  return BY_IMPORTER[importer] ?? null
}
