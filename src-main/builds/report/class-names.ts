import { CLASS_NAMES } from '../../unity/asset-types'

/**
 * Class names of the objects a build packs, by Unity class ID
 * (https://docs.unity3d.com/Manual/ClassIDReference.html). The project index's table covers the
 * classes assets start with; these are the ones that also show up in players and bundles.
 */
const BUILD_CLASSES: Record<string, string> = {
  '3': 'LevelGameManager',
  '11': 'AudioManager',
  '13': 'InputManager',
  '30': 'GraphicsSettings',
  '47': 'QualitySettings',
  '49': 'TextAsset',
  '55': 'PhysicsManager',
  '78': 'TagManager',
  '93': 'RuntimeInitializeOnLoadManager',
  '104': 'RenderSettings',
  '129': 'PlayerSettings',
  '141': 'BuildSettings',
  '142': 'AssetBundle',
  '147': 'ResourceManager',
  '152': 'MovieClip',
  '157': 'LightmapSettings',
  '159': 'EditorSettings',
  '194': 'TerrainCollider',
  '196': 'NavMeshSettings',
  '272': 'AudioMixerSnapshot',
  '290': 'AssetBundleManifest',
  '329': 'VideoClip',
  '1113': 'LightmapParameters',
}

export function objectClassName(classId: string): string {
  return CLASS_NAMES[classId] ?? BUILD_CLASSES[classId] ?? (classId ? `Class${classId}` : 'Unknown')
}
