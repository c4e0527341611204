import type { ProjectSettingsInfo, SceneInBuild } from '../../../src-shared/types-unity'
import { isMap, parseUnityYaml, parseYaml, type YamlMap, type YamlValue } from '../yaml/unity-yaml'

/**
 * Parsers for the files under ProjectSettings/. Each takes the file's text and returns what it
 * could read plus `problems`; none throws, so a damaged settings file becomes a diagnostic and the
 * rest of the project still opens.
 */

export interface Parsed<T> {
  value: T
  problems: string[]
}

export function parseProjectVersion(text: string): Parsed<{ version: string | null; revision: string | null }> {
  const version = /^m_EditorVersion:[ \t]*(\S+)/m.exec(text)?.[1] ?? null
  const revision = /^m_EditorVersionWithRevision:[ \t]*\S+[ \t]*\(([0-9a-fA-F]+)\)/m.exec(text)?.[1] ?? null
  return { value: { version, revision }, problems: version ? [] : ['no m_EditorVersion line'] }
}

/** The body of the first document whose class is `className`, or of the first document. */
function firstDocument(text: string, className: string): { body: YamlMap | null; problems: string[] } {
  const file = parseUnityYaml(text)
  const doc = file.documents.find((d) => d.className === className) ?? file.documents[0]
  const problems = file.problems.slice(0, 10)
  if (!doc) problems.push(`no ${className} document`)
  return { body: doc ? doc.body : null, problems }
}

function str(v: YamlValue | undefined): string | null {
  return typeof v === 'string' ? v : null
}

function stringMap(v: YamlValue | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (isMap(v)) for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val
  return out
}

// Unity's ScriptingImplementation enum.
const BACKENDS: Record<string, string> = { '0': 'mono', '1': 'il2cpp', '2': 'winrt-dotnet', '3': 'coreclr' }

const PLAYER_KEYS = ['productName', 'companyName', 'bundleVersion', 'applicationIdentifier', 'scriptingBackend', 'scriptingDefineSymbols', 'bundleIdentifier', 'iPhoneBundleIdentifier']

/**
 * Only the few PlayerSettings keys we report, cut out of the ~1000-line file and parsed alone:
 * in a fresh process (the CLI) parsing the whole file costs more than indexing a small project.
 */
function playerSettingsSubset(text: string): { body: YamlMap | null; problems: string[] } {
  const lines = text.split('\n')
  const docStart = lines.findIndex((l) => /^PlayerSettings:\s*$/.test(l))
  if (docStart < 0) return { body: null, problems: ['no PlayerSettings document'] }
  const picked: string[] = []
  for (let i = docStart + 1; i < lines.length; i++) {
    const l = lines[i]
    if (l.startsWith('--- ')) break
    const m = /^ {2}(\w+):/.exec(l)
    if (!m || !PLAYER_KEYS.includes(m[1])) continue
    picked.push(l.slice(2))
    // Its block: following lines indented deeper, plus sequence items at the key's own indent.
    while (i + 1 < lines.length && (/^ {3}/.test(lines[i + 1]) || /^ {2}- /.test(lines[i + 1]) || lines[i + 1].trim() === '')) picked.push(lines[++i].slice(2))
  }
  const { value, problems } = parseYaml(picked.join('\n'))
  return { body: isMap(value) ? value : {}, problems: problems.slice(0, 10) }
}

export function parseProjectSettings(text: string): Parsed<ProjectSettingsInfo> {
  const { body, problems } = playerSettingsSubset(text)
  const b = body ?? {}
  const applicationIdentifier = stringMap(b.applicationIdentifier)
  // Unity 5.x kept a single bundle identifier.
  const legacy = str(b.bundleIdentifier) ?? str(b.iPhoneBundleIdentifier)
  if (legacy && Object.keys(applicationIdentifier).length === 0) applicationIdentifier.Default = legacy
  const scriptingBackend: Record<string, string> = {}
  for (const [k, v] of Object.entries(stringMap(b.scriptingBackend))) scriptingBackend[k] = BACKENDS[v] ?? v
  const scriptingDefineSymbols: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(stringMap(b.scriptingDefineSymbols))) {
    scriptingDefineSymbols[k] = v.split(';').map((s) => s.trim()).filter(Boolean)
  }
  return {
    value: {
      productName: str(b.productName),
      companyName: str(b.companyName),
      bundleVersion: str(b.bundleVersion),
      applicationIdentifier,
      scriptingBackend,
      scriptingDefineSymbols,
    },
    problems,
  }
}

export function parseEditorBuildSettings(text: string): Parsed<SceneInBuild[]> {
  const { body, problems } = firstDocument(text, 'EditorBuildSettings')
  const scenes: SceneInBuild[] = []
  const list = body?.m_Scenes
  if (Array.isArray(list)) {
    for (const item of list) {
      if (!isMap(item)) continue
      const path = str(item.path)
      if (path === null) continue
      const guid = str(item.guid)
      scenes.push({ path, enabled: item.enabled === '1', guid: guid && /^[0-9a-f]{32}$/.test(guid) ? guid : null })
    }
  }
  return { value: scenes, problems }
}

/**
 * A few `.asset` files under ProjectSettings are JSON (XR settings, Unity 6). Parse either form
 * into a plain object so a settings view can show them.
 */
export function parseSettingsAsset(text: string): Parsed<unknown> {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('{')) {
    try {
      return { value: JSON.parse(trimmed) as unknown, problems: [] }
    } catch (err) {
      return { value: null, problems: [`invalid JSON: ${(err as Error).message}`] }
    }
  }
  const file = parseUnityYaml(text)
  return { value: file.documents.map((d) => ({ class: d.className, fileId: d.fileId, ...d.body })), problems: file.problems.slice(0, 10) }
}
