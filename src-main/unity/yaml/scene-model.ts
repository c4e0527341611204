import type { SceneComponent, SceneDetail, SceneGameObject } from '../../../src-shared/types-unity'
import { isMap, parseUnityYaml, type UnityDocument, type YamlValue } from './unity-yaml'

/**
 * A scene or prefab as GameObjects with their components, for detail views. This is the full
 * (slow) parse and runs on demand for one file; the index never needs it.
 */
export function parseSceneModel(path: string, text: string, resolveGuid: (guid: string) => string | null): SceneDetail {
  const file = parseUnityYaml(text)
  const byId = new Map<string, UnityDocument>()
  for (const d of file.documents) byId.set(d.fileId, d)

  const gameObjects: SceneGameObject[] = []
  const transformOwner = new Map<string, string>() // transform fileId → GameObject fileId
  for (const d of file.documents) {
    if (d.className === 'Transform' || d.className === 'RectTransform') {
      const go = fileIdOf(d.body.m_GameObject)
      if (go) transformOwner.set(d.fileId, go)
    }
  }
  for (const d of file.documents) {
    if (d.classId !== '1') continue
    const components: SceneComponent[] = []
    const list = d.body.m_Component
    let parent: string | null = null
    if (Array.isArray(list)) {
      for (const item of list) {
        // Unity 2018+: `- component: {fileID: N}`; Unity 5: `- 4: {fileID: N}` (class ID as key).
        const ref = isMap(item) ? (item.component ?? Object.values(item)[0]) : null
        const id = fileIdOf(ref ?? null)
        if (!id) continue
        const c = byId.get(id)
        components.push({
          fileId: id,
          classId: c?.classId ?? '',
          className: c?.className ?? null,
          scriptGuid: c && c.classId === '114' ? guidOf(c.body.m_Script) : null,
          stripped: c?.stripped ?? false,
        })
        if (c && (c.className === 'Transform' || c.className === 'RectTransform')) {
          const father = fileIdOf(c.body.m_Father)
          if (father) parent = transformOwner.get(father) ?? null
        }
      }
    }
    gameObjects.push({
      fileId: d.fileId,
      name: typeof d.body.m_Name === 'string' ? d.body.m_Name : '',
      active: d.body.m_IsActive !== '0',
      parent,
      components,
    })
  }

  const prefabInstances: SceneDetail['prefabInstances'] = []
  for (const d of file.documents) {
    if (d.classId !== '1001' || d.stripped) continue
    // PrefabInstance (2018.3+) names its source in m_SourcePrefab; Unity 5's `Prefab:` in m_ParentPrefab.
    const sourceGuid = guidOf(d.body.m_SourcePrefab) ?? guidOf(d.body.m_ParentPrefab)
    if (d.className === 'Prefab' && !sourceGuid) continue // Unity 5: the prefab asset's own root object
    prefabInstances.push({ fileId: d.fileId, sourceGuid, sourcePath: sourceGuid ? resolveGuid(sourceGuid) : null })
  }
  return { path, documents: file.documents.length, gameObjects, prefabInstances, problems: file.problems.slice(0, 50) }
}

function fileIdOf(v: YamlValue | null | undefined): string | null {
  if (!isMap(v)) return null
  const id = v.fileID
  return typeof id === 'string' && id !== '0' ? id : null
}

function guidOf(v: YamlValue | undefined): string | null {
  if (!isMap(v)) return null
  const g = v.guid
  return typeof g === 'string' && /^[0-9a-f]{32}$/.test(g) ? g : null
}
