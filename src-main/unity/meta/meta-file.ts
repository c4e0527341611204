import { isMap, parseYaml, type YamlMap } from '../yaml/unity-yaml'

/** What a `.meta` file declares. */
export interface MetaInfo {
  /** The GUID Unity uses; the first one when a bad merge left several. */
  guid: string | null
  /** Every `guid:` line at the top level, in order: more than one means merge conflict leftovers. */
  guids: string[]
  folder: boolean
  /** `TextureImporter`, `MonoImporter`, … */
  importer: string | null
  /** The importer's settings, as parsed (all scalars strings). */
  settings: YamlMap | null
  hasConflictMarkers: boolean
  problems: string[]
}

const TOP_GUID = /^guid:[ \t]*([0-9a-fA-F]{32})[ \t]*\r?$/gm
const CONFLICT = /^(<{7}|={7}|>{7})( |\r?$)/m

/**
 * Parse a `.meta` file. The GUIDs come from an exact line match (not the YAML tree) so that a file
 * mangled by a merge still yields every GUID it declares; the importer and its settings come from
 * the YAML parser and are best effort.
 */
export function parseMeta(text: string): MetaInfo {
  const problems: string[] = []
  const guids: string[] = []
  for (const m of text.matchAll(TOP_GUID)) guids.push(m[1].toLowerCase())
  const hasConflictMarkers = CONFLICT.test(text)
  if (hasConflictMarkers) problems.push('contains merge conflict markers')
  if (guids.length === 0) problems.push('declares no GUID')
  // Parse without the conflict markers so the rest of the file is still readable.
  const cleaned = hasConflictMarkers ? text.replace(/^(<{7}|={7}|>{7}).*$/gm, '') : text
  const { value, problems: yamlProblems } = parseYaml(cleaned)
  for (const p of yamlProblems.slice(0, 5)) problems.push(p)
  let importer: string | null = null
  let settings: YamlMap | null = null
  let folder = false
  if (isMap(value)) {
    folder = value.folderAsset === 'yes'
    for (const key of Object.keys(value)) {
      if (key.endsWith('Importer')) {
        importer = key
        const v = value[key]
        settings = isMap(v) ? v : null
        break
      }
    }
  } else if (text.trim() !== '') {
    problems.push('is not a YAML mapping')
  }
  return { guid: guids[0] ?? null, guids, folder, importer, settings, hasConflictMarkers, problems }
}
