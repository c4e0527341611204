import type { CodeLens, UnityEventUsage, UnityScriptUsage, UnityUsagesResult } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import { readIndexedText } from './read-source'
import type { SymbolIndex } from './symbol-index'
import { UNITY_OBJECT_BASES } from './unity-messages'
import { scanUnityObjects, type ScannedFile } from './unity-object-scan'

/**
 * Where scripts are used by Unity itself: the reference graph knows which scenes, prefabs and
 * assets mention a script's GUID (instant, from the index); the files themselves say which
 * objects those are, what fields they set and which UnityEvents call which methods.
 */

/** The Unity object class a script file declares: Unity requires the class to be named as the file. */
export function scriptClassOf(index: SymbolIndex, scriptRel: string): string | null {
  const base = scriptRel.slice(scriptRel.lastIndexOf('/') + 1).replace(/\.cs$/i, '')
  const decl = index.outline(scriptRel).find((d) => (d.kind === 'class' || d.kind === 'struct') && d.name === base)
  return decl ? decl.name : null
}

export function isUnityObjectClass(index: SymbolIndex, className: string): boolean {
  return index.derivesFrom(className, UNITY_OBJECT_BASES)
}

/** Usages of a script from the reference graph alone (no file reads): what a code lens counts. */
export function scriptUsers(project: UnityProject, scriptRel: string): { guid: string | null; users: { path: string; kind: string }[] } {
  const guid = project.index.metaOf(scriptRel)?.guids[0] ?? null
  if (!guid) return { guid: null, users: [] }
  const users = project.index.usedBy(guid).filter((u) => u.path !== null).map((u) => ({ path: u.path as string, kind: u.type ?? 'Asset' }))
  users.sort((a, b) => a.path.localeCompare(b.path))
  return { guid, users }
}

export function codeLenses(project: UnityProject, index: SymbolIndex, scriptRel: string): CodeLens[] {
  const className = scriptClassOf(index, scriptRel)
  if (!className) return []
  const decl = index.outline(scriptRel).find((d) => d.name === className && d.kind === 'class')
  if (!decl) return []
  const { guid, users } = scriptUsers(project, scriptRel)
  if (!guid) return []
  const byKind: Record<string, number> = {}
  for (const u of users) byKind[u.kind] = (byKind[u.kind] ?? 0) + 1
  return [{ line: decl.line, className, count: users.length, byKind }]
}

/** The users of a script, each with its objects of that script and the fields they serialize. */
export function unityUsages(project: UnityProject, index: SymbolIndex, scriptRel: string, withFields = true): UnityUsagesResult {
  const { guid, users } = scriptUsers(project, scriptRel)
  if (!guid) return { script: null, usages: [], note: `${scriptRel} has no .meta file, so Unity has not given it a GUID: nothing can use it yet.` }
  const className = scriptClassOf(index, scriptRel)
  const note = className ? null : `No class named like the file is declared in ${scriptRel}: Unity can attach only such a class.`
  const usages: UnityScriptUsage[] = users.map((u) => {
    if (!withFields) return { path: u.path, kind: u.kind, objects: [] }
    const scanned = scanFile(project, u.path)
    const objects = scanned
      ? [...scanned.objects.values()]
          .filter((o) => o.scriptGuid === guid)
          .map((o) => ({ gameObject: o.gameObjectId ? (scanned.gameObjectNames.get(o.gameObjectId) ?? null) : null, fileId: o.fileId, fields: o.fields }))
      : []
    return { path: u.path, kind: u.kind, objects }
  })
  return { script: { path: scriptRel, guid, className }, usages, note }
}

/**
 * UnityEvent persistent calls to methods of a script's class. Only files that reference the
 * script can hold a call whose target is one of its components, so the graph narrows the scan.
 */
export function unityEventUsages(project: UnityProject, index: SymbolIndex, scriptRel: string, method?: string): UnityEventUsage[] {
  const { guid, users } = scriptUsers(project, scriptRel)
  if (!guid) return []
  const className = scriptClassOf(index, scriptRel)
  const out: UnityEventUsage[] = []
  for (const u of users) {
    const scanned = scanFile(project, u.path)
    if (!scanned) continue
    for (const obj of scanned.objects.values()) {
      for (const call of obj.calls) {
        if (method && call.method !== method) continue
        if (!targetsScript(project, scanned, call.targetFileId, call.targetGuid, guid)) continue
        if (call.targetTypeName && className && call.targetTypeName.slice(call.targetTypeName.lastIndexOf('.') + 1) !== className) continue
        out.push({
          path: u.path,
          gameObject: obj.gameObjectId ? (scanned.gameObjectNames.get(obj.gameObjectId) ?? null) : null,
          event: call.event,
          method: call.method,
          targetType: call.targetTypeName ?? className,
          line: call.line,
          column: call.column,
        })
      }
    }
  }
  return out
}

/**
 * Prefab-instance overrides that set a persistent call's method to `method`, in the files that use
 * the script. Their target is not resolved (it may be another class's method of that name): they
 * are listed as possible uses, and a rename refuses rather than guess.
 */
export function unityEventOverrides(project: UnityProject, scriptRel: string, method: string): { path: string; line: number; column: number }[] {
  const out: { path: string; line: number; column: number }[] = []
  for (const u of scriptUsers(project, scriptRel).users) {
    for (const o of scanFile(project, u.path)?.methodOverrides ?? []) if (o.method === method) out.push({ path: u.path, line: o.line, column: o.column })
  }
  return out
}

/** Whether a persistent call's target object is a component of the script (in this file, or the source object of a stripped one). */
function targetsScript(project: UnityProject, file: ScannedFile, fileId: string, guid: string | null, scriptGuid: string): boolean {
  if (guid) {
    const other = project.index.pathOfGuid(guid)
    const scanned = other ? scanFile(project, other) : null
    return scanned?.objects.get(fileId)?.scriptGuid === scriptGuid
  }
  const target = file.objects.get(fileId)
  if (!target) return false
  if (target.scriptGuid) return target.scriptGuid === scriptGuid
  if (target.source) {
    const src = project.index.pathOfGuid(target.source.guid)
    const scanned = src ? scanFile(project, src) : null
    return scanned?.objects.get(target.source.fileId)?.scriptGuid === scriptGuid
  }
  return false
}

const scanCache = new WeakMap<UnityProject, Map<string, { size: number; mtimeMs: number; scanned: ScannedFile }>>()

/** Scans are kept per file until the index sees it change (size or mtime). */
function scanFile(project: UnityProject, rel: string): ScannedFile | null {
  const facts = project.index.files.get(rel)
  if (!facts || facts.storage !== 'yaml') return null
  let cache = scanCache.get(project)
  if (!cache) scanCache.set(project, (cache = new Map()))
  const hit = cache.get(rel)
  if (hit && hit.size === facts.size && hit.mtimeMs === facts.mtimeMs) return hit.scanned
  const text = readIndexedText(project, rel)
  if (text === null) return null
  const scanned = scanUnityObjects(text)
  cache.set(rel, { size: facts.size, mtimeMs: facts.mtimeMs, scanned })
  return scanned
}
