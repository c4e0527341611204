import type { AssemblyInfo } from '../../src-shared/types-code'
import type { UnityProject } from '../unity/unity-project'
import { readProjectText } from './read-source'

/**
 * Which assembly each script compiles into, by Unity's rules: the nearest folder (upwards) with an
 * .asmdef, or an .asmref pointing at one; otherwise one of the predefined assemblies —
 * Assembly-CSharp-Editor-firstpass (Editor folders inside Standard Assets, Pro Standard Assets or
 * Plugins), Assembly-CSharp-firstpass (those three folders), Assembly-CSharp-Editor (any Editor
 * folder), Assembly-CSharp (the rest). See Unity's manual "Special folder names" and "Assembly
 * definitions".
 */
export interface AssemblyGraph {
  assemblies: AssemblyInfo[]
  assemblyOf(scriptRel: string): string
}

interface Definition {
  name: string
  path: string
  folder: string
  references: string[]
  includePlatforms: string[]
}

const FIRSTPASS_ROOTS = ['Assets/Standard Assets/', 'Assets/Pro Standard Assets/', 'Assets/Plugins/']

export function buildAssemblyGraph(project: UnityProject): AssemblyGraph {
  const defs = new Map<string, Definition>() // folder → definition
  const byName = new Map<string, Definition>()
  const refs = new Map<string, string>() // folder of an .asmref → the assembly name or GUID it names
  for (const rel of project.index.files.keys()) {
    if (rel.endsWith('.asmdef')) {
      const json = readJson(project.root, rel)
      const name = typeof json?.name === 'string' ? json.name : null
      if (!name) continue
      const def: Definition = {
        name,
        path: rel,
        folder: rel.slice(0, rel.lastIndexOf('/')),
        references: Array.isArray(json?.references) ? json.references.filter((r): r is string => typeof r === 'string') : [],
        includePlatforms: Array.isArray(json?.includePlatforms) ? json.includePlatforms.filter((r): r is string => typeof r === 'string') : [],
      }
      defs.set(def.folder, def)
      byName.set(name, def)
    } else if (rel.endsWith('.asmref')) {
      const json = readJson(project.root, rel)
      if (typeof json?.reference === 'string') refs.set(rel.slice(0, rel.lastIndexOf('/')), json.reference)
    }
  }
  // "GUID:<guid>" references name the .asmdef asset by its GUID.
  const resolveRef = (r: string): string | null => {
    if (r.startsWith('GUID:')) {
      const p = project.index.pathOfGuid(r.slice(5).toLowerCase())
      return p ? ([...byName.values()].find((d) => d.path === p)?.name ?? null) : null
    }
    return byName.has(r) ? r : null
  }

  const cache = new Map<string, string>()
  const assemblyOf = (scriptRel: string): string => {
    const folder = scriptRel.slice(0, scriptRel.lastIndexOf('/'))
    const hit = cache.get(folder)
    if (hit) return hit
    let result: string | null = null
    for (let f = folder; f.length > 0; f = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '') {
      const def = defs.get(f)
      if (def) {
        result = def.name
        break
      }
      const ref = refs.get(f)
      if (ref) {
        result = resolveRef(ref) ?? ref
        break
      }
    }
    if (!result) result = predefinedAssembly(scriptRel)
    cache.set(folder, result)
    return result
  }

  const counts = new Map<string, number>()
  for (const rel of project.index.files.keys()) {
    if (!rel.endsWith('.cs')) continue
    const a = assemblyOf(rel)
    counts.set(a, (counts.get(a) ?? 0) + 1)
  }
  const assemblies: AssemblyInfo[] = [...byName.values()].map((d) => {
    const resolved = d.references.map((r) => ({ r, name: resolveRef(r) }))
    return {
      name: d.name,
      definition: d.path,
      references: resolved.map((x) => x.name ?? x.r),
      unresolved: resolved.filter((x) => !x.name).map((x) => x.r),
      includePlatforms: d.includePlatforms,
      editorOnly: d.includePlatforms.length === 1 && d.includePlatforms[0] === 'Editor',
      files: counts.get(d.name) ?? 0,
    }
  })
  for (const name of ['Assembly-CSharp-firstpass', 'Assembly-CSharp-Editor-firstpass', 'Assembly-CSharp', 'Assembly-CSharp-Editor']) {
    const files = counts.get(name) ?? 0
    if (files > 0) assemblies.push({ name, definition: null, references: [], unresolved: [], includePlatforms: [], editorOnly: name.includes('Editor'), files })
  }
  assemblies.sort((a, b) => a.name.localeCompare(b.name))
  return { assemblies, assemblyOf }
}

export function predefinedAssembly(scriptRel: string): string {
  const firstpass = FIRSTPASS_ROOTS.some((r) => scriptRel.startsWith(r))
  const editor = `/${scriptRel}`.includes('/Editor/')
  if (firstpass) return editor ? 'Assembly-CSharp-Editor-firstpass' : 'Assembly-CSharp-firstpass'
  return editor ? 'Assembly-CSharp-Editor' : 'Assembly-CSharp'
}

function readJson(root: string, rel: string): Record<string, unknown> | null {
  const text = readProjectText(root, rel)
  if (text === null) return null
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''))
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null
  } catch {
    return null
  }
}
