import crypto from 'node:crypto'
import { extensionOf } from '../asset-types'

/**
 * Writing `.meta` files the way Unity does, so that a file created in SLATE gets the same kind of
 * .meta the Editor would give it, and an import-settings edit changes only the lines it must (a
 * .meta diff in review should show exactly the setting that changed).
 */

/** A fresh GUID: 128 random bits as 32 lowercase hex, as Unity writes them. */
export function newGuid(taken?: (guid: string) => boolean): string {
  for (;;) {
    const g = crypto.randomBytes(16).toString('hex')
    // All-zero prefixes are Unity's built-in space; never hand one out.
    if (!g.startsWith('0000000000000000') && !taken?.(g)) return g
  }
}

const IMPORTER_BY_EXT: Record<string, string> = {
  '.cs': 'MonoImporter',
  '.png': 'TextureImporter', '.jpg': 'TextureImporter', '.jpeg': 'TextureImporter', '.tga': 'TextureImporter', '.psd': 'TextureImporter',
  '.tif': 'TextureImporter', '.tiff': 'TextureImporter', '.exr': 'TextureImporter', '.hdr': 'TextureImporter', '.bmp': 'TextureImporter', '.gif': 'TextureImporter',
  '.dds': 'IHVImageFormatImporter', '.ktx': 'IHVImageFormatImporter', '.astc': 'IHVImageFormatImporter',
  '.fbx': 'ModelImporter', '.obj': 'ModelImporter', '.dae': 'ModelImporter', '.blend': 'ModelImporter', '.max': 'ModelImporter', '.ma': 'ModelImporter', '.mb': 'ModelImporter',
  '.wav': 'AudioImporter', '.mp3': 'AudioImporter', '.ogg': 'AudioImporter', '.aif': 'AudioImporter', '.aiff': 'AudioImporter',
  '.mp4': 'VideoClipImporter', '.mov': 'VideoClipImporter', '.webm': 'VideoClipImporter',
  '.shader': 'ShaderImporter', '.compute': 'ComputeShaderImporter', '.hlsl': 'ShaderIncludeImporter', '.cginc': 'ShaderIncludeImporter',
  '.ttf': 'TrueTypeFontImporter', '.otf': 'TrueTypeFontImporter',
  '.txt': 'TextScriptImporter', '.json': 'TextScriptImporter', '.bytes': 'TextScriptImporter', '.xml': 'TextScriptImporter',
  '.md': 'TextScriptImporter', '.csv': 'TextScriptImporter', '.html': 'TextScriptImporter', '.yaml': 'TextScriptImporter',
  '.asmdef': 'AssemblyDefinitionImporter', '.asmref': 'AssemblyDefinitionReferenceImporter',
  '.dll': 'PluginImporter', '.so': 'PluginImporter', '.aar': 'PluginImporter', '.jar': 'PluginImporter', '.a': 'PluginImporter',
  '.prefab': 'PrefabImporter',
  '.mat': 'NativeFormatImporter', '.anim': 'NativeFormatImporter', '.controller': 'NativeFormatImporter', '.asset': 'NativeFormatImporter',
  '.overridecontroller': 'NativeFormatImporter', '.mask': 'NativeFormatImporter', '.physicmaterial': 'NativeFormatImporter',
  '.physicsmaterial2d': 'NativeFormatImporter', '.rendertexture': 'NativeFormatImporter', '.mixer': 'NativeFormatImporter',
  '.playable': 'NativeFormatImporter', '.signal': 'NativeFormatImporter', '.guiskin': 'NativeFormatImporter', '.flare': 'NativeFormatImporter',
  '.fontsettings': 'NativeFormatImporter', '.cubemap': 'NativeFormatImporter', '.lighting': 'NativeFormatImporter',
  '.terrainlayer': 'NativeFormatImporter', '.spriteatlas': 'NativeFormatImporter', '.shadervariants': 'NativeFormatImporter',
}

/** fileID of the main object NativeFormatImporter records: classId × 100000. */
const MAIN_OBJECT: Record<string, string> = {
  '.mat': '2100000', '.anim': '7400000', '.controller': '9100000', '.overridecontroller': '22100000', '.mask': '31900000',
  '.physicmaterial': '13400000', '.physicsmaterial2d': '6200000', '.rendertexture': '8400000', '.mixer': '24100000',
  '.guiskin': '11400000', '.flare': '12100000', '.fontsettings': '12800000', '.cubemap': '8900000', '.lighting': '85000000',
  '.terrainlayer': '0', '.spriteatlas': '68700000', '.shadervariants': '20000000', '.asset': '11400000', '.playable': '11400000',
  '.signal': '11400000',
}

export function importerFor(assetPath: string, folder: boolean): string {
  if (folder) return 'DefaultImporter'
  return IMPORTER_BY_EXT[extensionOf(assetPath)] ?? 'DefaultImporter'
}

/** Importer fields Unity writes first; the Editor fills in the rest with defaults on import. */
function importerBody(importer: string, assetPath: string): string[] {
  switch (importer) {
    case 'MonoImporter':
      return ['  externalObjects: {}', '  serializedVersion: 2', '  defaultReferences: []', '  executionOrder: 0', '  icon: {instanceID: 0}']
    case 'NativeFormatImporter':
      return ['  externalObjects: {}', `  mainObjectFileID: ${MAIN_OBJECT[extensionOf(assetPath)] ?? '11400000'}`]
    case 'TextureImporter':
      return ['  internalIDToNameTable: []', '  externalObjects: {}', '  serializedVersion: 12', '  mipmaps:', '    mipMapMode: 0', '    enableMipMap: 1', '    sRGBTexture: 1', '  isReadable: 0', '  maxTextureSize: 2048', '  textureSettings:', '    serializedVersion: 2', '    filterMode: 1', '    aniso: 1', '    mipBias: 0', '    wrapU: 0', '    wrapV: 0', '    wrapW: 0', '  textureType: 0', '  textureShape: 1', '  spriteMode: 0', '  alphaUsage: 1', '  alphaIsTransparency: 0', '  textureFormat: 1', '  compressionQuality: 50']
    case 'AudioImporter':
      return ['  externalObjects: {}', '  serializedVersion: 7', '  defaultSettings:', '    serializedVersion: 2', '    loadType: 0', '    sampleRateSetting: 0', '    sampleRateOverride: 44100', '    compressionFormat: 1', '    quality: 1', '    conversionMode: 0', '    preloadAudioData: 0', '  platformSettingOverrides: {}', '  forceToMono: 0', '  normalize: 1', '  loadInBackground: 0', '  ambisonic: 0', '  3D: 1']
    case 'ModelImporter':
      return ['  serializedVersion: 22200', '  internalIDToNameTable: []', '  externalObjects: {}', '  materials:', '    materialImportMode: 2', '  meshes:', '    globalScale: 1', '    meshCompression: 0', '    addColliders: 0', '    isReadable: 0', '  importAnimation: 1']
    case 'PluginImporter':
      return ['  externalObjects: {}', '  serializedVersion: 2', '  iconMap: {}', '  executionOrder: {}', '  defineConstraints: []', '  isPreloaded: 0', '  isOverridable: 0', '  isExplicitlyReferenced: 0', '  validateReferences: 1', '  platformData: []']
    case 'ShaderImporter':
      return ['  externalObjects: {}', '  defaultTextures: []', '  nonModifiableTextures: []']
    case 'TrueTypeFontImporter':
      return ['  externalObjects: {}', '  serializedVersion: 4', '  fontSize: 16', '  forceTextureCase: -2', '  characterSpacing: 0', '  characterPadding: 1', '  includeFontData: 1', '  fontNames: []', '  fallbackFontReferences: []', '  customCharacters: ', '  fontRenderingMode: 0', '  ascentCalculationMode: 1', '  useLegacyBoundsCalculation: 0', '  shouldRoundAdvanceValue: 1']
    case 'PrefabImporter':
    case 'DefaultImporter':
    case 'TextScriptImporter':
    case 'AssemblyDefinitionImporter':
    default:
      return ['  externalObjects: {}']
  }
}

/** The text of a new `.meta`, LF line endings, exactly as Unity lays it out. */
export function renderNewMeta(assetPath: string, opts: { guid: string; folder: boolean }): { text: string; importer: string } {
  const importer = importerFor(assetPath, opts.folder)
  const lines = ['fileFormatVersion: 2', `guid: ${opts.guid}`]
  if (opts.folder) lines.push('folderAsset: yes')
  lines.push(`${importer}:`, ...importerBody(importer, assetPath), '  userData: ', '  assetBundleName: ', '  assetBundleVariant: ')
  return { text: `${lines.join('\n')}\n`, importer }
}
