import type { UnityProject } from '../../unity/unity-project'
import type { ProjectSizeContext } from './size-analysis'

const RESOURCES = /(^|\/)Resources\//

/**
 * What the open project says about a build's assets, from the Unity index: a GUID's asset today
 * (path and type), and whether the asset is explained by what Unity puts into a player — the
 * enabled scenes of the build and everything under a Resources folder, with all they reference
 * (the reference graph, followed all the way). An asset in a player that neither explains came in
 * some other way (preloaded assets, always-included shaders, a script's direct reference to an
 * editor-only path…) or is stale: that list is what a lead asks about first.
 */
export function projectSizeContext(project: UnityProject, scenes?: string[] | null): ProjectSizeContext {
  const idx = project.index
  let explained: Set<string> | null = null
  const closure = (): Set<string> => {
    if (explained) return explained
    const seenPaths = new Set<string>()
    const guids = new Set<string>()
    const roots = (scenes ?? project.scenesInBuild.filter((s) => s.enabled).map((s) => s.path)).filter((p) => idx.hasAsset(p))
    for (const p of idx.sortedAssetPaths()) if (RESOURCES.test(p)) roots.push(p)
    let frontier = roots
    for (const p of frontier) seenPaths.add(p)
    while (frontier.length) {
      const next: string[] = []
      for (const p of frontier) {
        const g = idx.metaOf(p)?.guids[0]
        if (g) guids.add(g)
        for (const ref of idx.dependencies(p, false)) {
          guids.add(ref.guid)
          if (ref.path && !seenPaths.has(ref.path)) {
            seenPaths.add(ref.path)
            next.push(ref.path)
          }
        }
      }
      frontier = next
    }
    explained = guids
    return guids
  }
  return {
    resolve(guid) {
      const path = idx.pathOfGuid(guid)
      if (!path) return null
      return { path, type: idx.typeOf(path) ?? 'Other' }
    },
    explained: (guid) => closure().has(guid),
  }
}
