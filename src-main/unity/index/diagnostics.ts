import type { SceneInBuild, UnityDiagnostic } from '../../../src-shared/types-unity'
import { BINARY_BY_DESIGN, CLASS_NAMES, isUnitySerialized } from '../asset-types'
import type { ProjectIndex } from './project-index'

/**
 * Everything wrong with the project that a person should hear about, recomputed from the index on
 * request (a linear pass, a few milliseconds for 100k assets) so it can never go stale.
 */
export function collectDiagnostics(index: ProjectIndex, opts: { scenesInBuild: SceneInBuild[]; indexedRoots: string[]; readOnlyRoots?: string[] }): UnityDiagnostic[] {
  const all: UnityDiagnostic[] = []
  collect(index, opts, all)
  // Packages read from outside the project (registry caches, the Editor) are as their authors
  // published them and cannot be edited here: nothing about them is the project's problem.
  const readOnly = opts.readOnlyRoots ?? []
  if (readOnly.length === 0) return all
  return all.filter((d) => !readOnly.some((r) => d.path === r || d.path.startsWith(`${r}/`)))
}

function collect(index: ProjectIndex, opts: { scenesInBuild: SceneInBuild[]; indexedRoots: string[] }, out: UnityDiagnostic[]): void {
  const roots = new Set(opts.indexedRoots)
  // Built only if some .meta lacks its exact asset: lower-cased asset path → asset path.
  let lowerAssets: Map<string, string> | null = null
  const caseOnlyMatch = (assetPath: string): string | null => {
    if (!lowerAssets) {
      lowerAssets = new Map()
      for (const p of index.allAssetPaths()) lowerAssets.set(p.toLowerCase(), p)
    }
    return lowerAssets.get(assetPath.toLowerCase()) ?? null
  }

  // .meta files whose exact asset exists: when that is every asset, none lacks its .meta and the
  // per-asset pass below can be skipped (a .meta pairs with one path only).
  let paired = 0
  for (const [metaPath, meta] of index.metas) {
    const assetPath = metaPath.slice(0, -5)
    if (meta.problem === 'is a Git LFS pointer') {
      out.push({ kind: 'lfs-pointer', path: metaPath, message: 'This .meta file is a Git LFS pointer, not the file: run `git lfs pull`. Until then its GUID is unknown, and Unity would give the asset a new one.' })
    } else if (meta.problem) out.push({ kind: 'unparseable', path: metaPath, message: `This .meta file ${meta.problem}; Unity will give the asset a new GUID and references to it will break.` })
    if (meta.conflict) {
      out.push({
        kind: 'meta-conflict',
        path: metaPath,
        message: `Merge conflict markers in this .meta file${meta.guids.length > 1 ? ` (it declares ${meta.guids.length} GUIDs: ${meta.guids.join(', ')})` : ''}. Resolve the conflict and keep one GUID.`,
      })
    }
    if (index.hasAsset(assetPath)) {
      paired++
      continue
    }
    if (roots.has(assetPath)) continue
    const match = caseOnlyMatch(assetPath)
    if (match) {
      out.push({
        kind: 'case-mismatch',
        path: metaPath,
        message: `"${lastSegment(metaPath)}" differs from its asset "${lastSegment(match)}" only in letter case. Windows and macOS pair them, Linux and Git do not: rename the .meta to "${lastSegment(match)}.meta".`,
      })
    } else {
      out.push({ kind: 'orphan-meta', path: metaPath, message: `"${lastSegment(metaPath)}" has no asset beside it (the asset was deleted, renamed or not checked out). Unity will delete this .meta.` })
    }
  }

  const assets = index.files.size + index.dirs.size
  for (const assetPath of paired === assets ? [] : index.allAssetPaths()) {
    if (index.metas.has(`${assetPath}.meta`)) continue
    if (index.metaOf(assetPath)) continue // case-only pair, reported above
    out.push({ kind: 'missing-meta', path: assetPath, message: `"${lastSegment(assetPath)}" has no .meta file: Unity will create one with a new GUID, so references from other machines will not resolve. Commit the .meta.` })
  }

  for (const [guid, owners] of index.duplicateGuids()) {
    for (const p of owners) {
      const others = owners.filter((o) => o !== p)
      out.push({ kind: 'duplicate-guid', path: p, message: `GUID ${guid} is also declared by ${others.join(', ')}. Unity keeps one and gives the others new GUIDs, which breaks their references.` })
    }
  }

  for (const f of index.files.values()) {
    if (f.storage === 'lfs') {
      out.push({ kind: 'lfs-pointer', path: f.path, message: 'This is a Git LFS pointer, not the file: run `git lfs pull` to fetch the content. Its references are unknown until then.' })
    } else if (f.storage === 'binary' && isUnitySerialized(f.path) && !isBinaryByDesign(f.classId, index.metaOf(f.path)?.mainClass ?? null)) {
      out.push({ kind: 'binary-serialized', path: f.path, message: 'Binary-serialized asset: its references cannot be read. Set Asset Serialization to Force Text and reimport to make it diffable.' })
    } else if (f.storage === 'text' && isUnitySerialized(f.path)) {
      out.push({ kind: 'unparseable', path: f.path, message: 'Expected Unity YAML (starting with %YAML) but found other text; Unity may fail to load it.' })
    }
  }

  for (const scene of opts.scenesInBuild) {
    const exists = index.files.has(scene.path)
    const actual = exists ? (index.metaOf(scene.path)?.guids[0] ?? null) : null
    if (!exists) {
      const moved = scene.guid ? index.pathOfGuid(scene.guid) : null
      out.push({
        kind: 'build-scene-missing',
        path: scene.path,
        message: moved ? `Scene in the build list is missing; its GUID now belongs to "${moved}" (moved?).` : 'Scene in the build list does not exist in the project.',
      })
    } else if (scene.guid && actual && scene.guid !== actual) {
      out.push({ kind: 'build-scene-guid-mismatch', path: scene.path, message: `The build list records GUID ${scene.guid} but the scene's .meta declares ${actual}: Unity will build the scene the GUID points at.` })
    }
  }
}

function lastSegment(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

/** Unity writes these classes binary in every serialization mode (asset-types.ts BINARY_BY_DESIGN). */
function isBinaryByDesign(classId: string | null, metaClass: string | null): boolean {
  if (classId !== null && BINARY_BY_DESIGN.has(classId)) return true
  if (metaClass === null) return false
  for (const id of BINARY_BY_DESIGN) if (CLASS_NAMES[id] === metaClass) return true
  return false
}
