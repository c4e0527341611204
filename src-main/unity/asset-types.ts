/**
 * What kind of asset a file is, from what we know cheaply: the importer named in its `.meta`, its
 * extension, and for `.asset` files the class of the first serialized object.
 */

/** Unity's built-in GUIDs: references to resources that ship inside the Editor, never in a project. */
export const BUILTIN_GUIDS: Record<string, string> = {
  '0000000000000000e000000000000000': 'Built-in extra resources (unity_builtin_extra)',
  '0000000000000000f000000000000000': 'Built-in default resources (unity default resources)',
  '0000000000000000d000000000000000': 'Built-in editor resources (unity editor resources)',
}

/** Class IDs of the objects that appear first in assets (https://docs.unity3d.com/Manual/ClassIDReference.html). */
export const CLASS_NAMES: Record<string, string> = {
  '1': 'GameObject',
  '4': 'Transform',
  '21': 'Material',
  '27': 'Texture',
  '28': 'Texture2D',
  '29': 'OcclusionCullingSettings',
  '43': 'Mesh',
  '48': 'Shader',
  '62': 'PhysicsMaterial2D',
  '74': 'AnimationClip',
  '83': 'AudioClip',
  '84': 'RenderTexture',
  '89': 'Cubemap',
  '90': 'Avatar',
  '91': 'AnimatorController',
  '95': 'Animator',
  '114': 'MonoBehaviour',
  '115': 'MonoScript',
  '117': 'Texture3D',
  '128': 'Font',
  '134': 'PhysicMaterial',
  '150': 'PreloadData',
  '156': 'TerrainData',
  '258': 'LightProbes',
  '187': 'Texture2DArray',
  '206': 'BlendTree',
  '213': 'Sprite',
  '221': 'AnimatorOverrideController',
  '224': 'RectTransform',
  '238': 'NavMeshData',
  '240': 'AudioMixer',
  '241': 'AudioMixerController',
  '319': 'AvatarMask',
  '363': 'OcclusionCullingData',
  '1001': 'PrefabInstance',
  '1045': 'EditorBuildSettings',
  '1101': 'AnimatorStateTransition',
  '1102': 'AnimatorState',
  '1107': 'AnimatorStateMachine',
  '1120': 'LightingDataAsset',
  '1660057539': 'SceneRoots',
  '1953259897': 'TerrainLayer',
  '850595691': 'LightingSettings',
  '612988286': 'SpriteAtlasAsset',
  '687078895': 'SpriteAtlas',
  '2058629511': 'VisualEffectResource',
  '1839735485': 'Tilemap',
  '19719996': 'TilemapCollider2D',
}

/**
 * Classes Unity always serializes binary, whatever the project's Asset Serialization mode: baked
 * lighting (LightingDataAsset 1120, LightProbes 258), baked NavMesh (NavMeshData 238), occlusion
 * culling (OcclusionCullingData 363) and terrain heightmaps (TerrainData 156). A binary file of
 * one of these is as Unity meant it, not a problem.
 */
export const BINARY_BY_DESIGN = new Set(['1120', '258', '238', '363', '156'])

/**
 * The main class of a binary-serialized file from the class IDs in its header: a file holding a
 * GameObject (1) is a scene or prefab whatever else it embeds; otherwise the first class Unity
 * always writes binary, else the first class. Null when the header gave nothing.
 */
export function binaryMainClassId(ids: number[]): string | null {
  if (ids.length === 0) return null
  if (ids.includes(1)) return '1'
  const byDesign = ids.find((id) => BINARY_BY_DESIGN.has(String(id)))
  return String(byDesign ?? ids[0])
}

export function className(classId: string | null): string | null {
  if (classId === null) return null
  return CLASS_NAMES[classId] ?? `Class${classId}`
}

const BY_IMPORTER: Record<string, string> = {
  TextureImporter: 'Texture',
  IHVImageFormatImporter: 'Texture',
  MonoImporter: 'Script',
  ModelImporter: 'Model',
  AudioImporter: 'Audio',
  VideoClipImporter: 'Video',
  MovieImporter: 'Video',
  ShaderImporter: 'Shader',
  ComputeShaderImporter: 'ComputeShader',
  ShaderIncludeImporter: 'ShaderInclude',
  TrueTypeFontImporter: 'Font',
  PluginImporter: 'Plugin',
  TextScriptImporter: 'Text',
  AssemblyDefinitionImporter: 'AssemblyDefinition',
  AssemblyDefinitionReferenceImporter: 'AssemblyDefinitionReference',
  SpeedTreeImporter: 'SpeedTree',
  SubstanceImporter: 'Substance',
  PackageManifestImporter: 'PackageManifest',
  LocalizationImporter: 'Localization',
}

const BY_EXTENSION: Record<string, string> = {
  '.unity': 'Scene',
  '.prefab': 'Prefab',
  '.mat': 'Material',
  '.anim': 'AnimationClip',
  '.controller': 'AnimatorController',
  '.overridecontroller': 'AnimatorOverrideController',
  '.mask': 'AvatarMask',
  '.physicmaterial': 'PhysicMaterial',
  '.physicsmaterial2d': 'PhysicsMaterial2D',
  '.renderTexture': 'RenderTexture',
  '.rendertexture': 'RenderTexture',
  '.cubemap': 'Cubemap',
  '.flare': 'Flare',
  '.guiskin': 'GUISkin',
  '.fontsettings': 'Font',
  '.mixer': 'AudioMixer',
  '.playable': 'Timeline',
  '.signal': 'Signal',
  '.lighting': 'LightingSettings',
  '.terrainlayer': 'TerrainLayer',
  '.spriteatlas': 'SpriteAtlas',
  '.spriteatlasv2': 'SpriteAtlas',
  '.shadervariants': 'ShaderVariantCollection',
  '.brush': 'Brush',
  '.buildreport': 'BuildReport',
  '.cs': 'Script',
  '.js': 'Script',
  '.boo': 'Script',
  '.shader': 'Shader',
  '.shadergraph': 'ShaderGraph',
  '.shadersubgraph': 'ShaderSubGraph',
  '.vfx': 'VisualEffect',
  '.compute': 'ComputeShader',
  '.hlsl': 'ShaderInclude',
  '.cginc': 'ShaderInclude',
  '.asmdef': 'AssemblyDefinition',
  '.asmref': 'AssemblyDefinitionReference',
  '.dll': 'Plugin',
  '.png': 'Texture',
  '.jpg': 'Texture',
  '.jpeg': 'Texture',
  '.tga': 'Texture',
  '.psd': 'Texture',
  '.tif': 'Texture',
  '.tiff': 'Texture',
  '.exr': 'Texture',
  '.hdr': 'Texture',
  '.bmp': 'Texture',
  '.gif': 'Texture',
  '.fbx': 'Model',
  '.obj': 'Model',
  '.blend': 'Model',
  '.dae': 'Model',
  '.max': 'Model',
  '.ma': 'Model',
  '.mb': 'Model',
  '.wav': 'Audio',
  '.mp3': 'Audio',
  '.ogg': 'Audio',
  '.aif': 'Audio',
  '.aiff': 'Audio',
  '.mp4': 'Video',
  '.mov': 'Video',
  '.webm': 'Video',
  '.ttf': 'Font',
  '.otf': 'Font',
  '.txt': 'Text',
  '.json': 'Text',
  '.xml': 'Text',
  '.md': 'Text',
  '.bytes': 'Text',
  '.csv': 'Text',
  '.uss': 'StyleSheet',
  '.uxml': 'UIDocument',
  '.inputactions': 'InputActions',
  '.pdf': 'Document',
}

/** Importers that say nothing about the type on their own. */
const GENERIC_IMPORTERS = new Set(['DefaultImporter', 'NativeFormatImporter', 'ScriptedImporter', 'PrefabImporter'])

export function extensionOf(path: string): string {
  const slash = path.lastIndexOf('/')
  const dot = path.lastIndexOf('.')
  return dot > slash + 1 ? path.slice(dot).toLowerCase() : ''
}

export function assetType(path: string, opts: { folder: boolean; importer: string | null; mainClass: string | null }): string {
  if (opts.folder) return 'Folder'
  const ext = extensionOf(path)
  if (opts.importer && !GENERIC_IMPORTERS.has(opts.importer) && BY_IMPORTER[opts.importer]) return BY_IMPORTER[opts.importer]
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext]
  if (opts.importer === 'PrefabImporter') return 'Prefab'
  if (opts.mainClass) return opts.mainClass === 'MonoBehaviour' ? 'ScriptableObject' : opts.mainClass
  if (ext === '.asset') return 'Asset'
  return 'Other'
}

/** Extensions whose contents are Unity-serialized objects: binary content there is worth a diagnostic. */
const UNITY_SERIALIZED = new Set([
  '.asset', '.unity', '.prefab', '.mat', '.anim', '.controller', '.overridecontroller', '.mask', '.physicmaterial',
  '.physicsmaterial2d', '.rendertexture', '.cubemap', '.flare', '.guiskin', '.fontsettings', '.mixer', '.playable',
  '.signal', '.lighting', '.terrainlayer', '.spriteatlas', '.spriteatlasv2', '.shadervariants', '.brush',
])

export function isUnitySerialized(path: string): boolean {
  return UNITY_SERIALIZED.has(extensionOf(path))
}

/**
 * Extensions that are always binary media: larger than an LFS pointer could be, we can skip reading
 * their bytes entirely (they cannot hold a text `guid:` reference).
 */
const MEDIA = new Set([
  '.png', '.jpg', '.jpeg', '.tga', '.psd', '.tif', '.tiff', '.exr', '.hdr', '.bmp', '.gif', '.wav', '.mp3', '.ogg',
  '.aif', '.aiff', '.mp4', '.mov', '.webm', '.ttf', '.otf', '.dll', '.so', '.a', '.dylib', '.zip', '.pdf', '.blend',
  '.max', '.mb', '.exe', '.bundle', '.jar', '.aar',
])

export function isMediaExtension(path: string): boolean {
  return MEDIA.has(extensionOf(path))
}

/**
 * The names Unity's `t:<Type>` search matches an asset by, lower-cased: its type, its main
 * object's class and that class's base classes people search by (a sprite texture is also a
 * Texture2D and a Texture; a model is a GameObject with Meshes; a ScriptableObject's main object is
 * a MonoBehaviour). From the importer and main class, never from the extension alone.
 */
const CLASS_KINDS: Record<string, string[]> = {
  Sprite: ['sprite', 'texture2d', 'texture'],
  Texture2D: ['texture2d', 'texture'],
  Cubemap: ['cubemap', 'texture'],
  Texture2DArray: ['texture2darray', 'texture'],
  Texture3D: ['texture3d', 'texture'],
  RenderTexture: ['rendertexture', 'texture'],
  CustomRenderTexture: ['customrendertexture', 'rendertexture', 'texture'],
  MonoScript: ['monoscript', 'script'],
  MonoBehaviour: ['scriptableobject', 'monobehaviour'],
  TextAsset: ['textasset', 'text'],
  AudioClip: ['audioclip', 'audio'],
  VideoClip: ['videoclip', 'video'],
  AnimatorController: ['animatorcontroller', 'runtimeanimatorcontroller'],
  AnimatorOverrideController: ['animatoroverridecontroller', 'runtimeanimatorcontroller'],
  AnimationClip: ['animationclip', 'motion'],
  BlendTree: ['blendtree', 'motion'],
  Font: ['font'],
}
const TYPE_KINDS: Record<string, string[]> = {
  Model: ['model', 'gameobject', 'mesh'],
  Prefab: ['prefab', 'gameobject'],
  Scene: ['scene', 'sceneasset'],
  Folder: ['folder', 'defaultasset'],
  Script: ['script', 'monoscript'],
  ScriptableObject: ['scriptableobject', 'monobehaviour'],
  Text: ['text', 'textasset'],
  Audio: ['audio', 'audioclip'],
  Video: ['video', 'videoclip'],
  // A shader graph's main object is a Shader.
  ShaderGraph: ['shadergraph', 'shader'],
}

export function searchTypesOf(type: string, mainClass: string | null): string[] {
  const out = [type.toLowerCase()]
  if (mainClass) out.push(mainClass.toLowerCase(), ...(CLASS_KINDS[mainClass] ?? []))
  else if (type === 'Texture') out.push('texture2d') // no .meta yet: Unity imports it as a default Texture2D
  out.push(...(TYPE_KINDS[type] ?? []))
  return out
}
