import { readConfined } from '../core/confined-fs'

export interface BuildSettingsScene {
  path: string
  enabled: boolean
  guid: string | null
}

/**
 * The scene list of `ProjectSettings/EditorBuildSettings.asset`, in order. A small reader of our
 * own: the file is a flat list of `- enabled: 1 / path: … / guid: …` items, and profiles only need
 * the paths and flags. (The Unity project model has a full YAML parser; this avoids depending on it
 * for one list.) Missing file: no scenes.
 */
export async function readBuildSettingsScenes(projectRoot: string): Promise<BuildSettingsScene[]> {
  let text: string
  try {
    text = (await readConfined(projectRoot, 'ProjectSettings/EditorBuildSettings.asset')).toString('utf8')
  } catch {
    return []
  }
  return parseBuildSettingsScenes(text)
}

export function parseBuildSettingsScenes(text: string): BuildSettingsScene[] {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((l) => /^\s*m_Scenes:/.test(l))
  if (start < 0 || /m_Scenes:\s*\[\]/.test(lines[start])) return []
  const out: BuildSettingsScene[] = []
  let current: BuildSettingsScene | null = null
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    const item = /^\s*- enabled: (\d)/.exec(line)
    if (item) {
      if (current) out.push(current)
      current = { enabled: item[1] === '1', path: '', guid: null }
      continue
    }
    const field = /^\s+(path|guid): ?(.*)$/.exec(line)
    if (field && current) {
      if (field[1] === 'path') current.path = field[2].trim()
      else current.guid = field[2].trim() || null
      continue
    }
    if (/^\s*m_\w+:/.test(line) || /^\S/.test(line)) break // next property: the list is over
  }
  if (current) out.push(current)
  return out.filter((s) => s.path !== '')
}

export async function enabledScenes(projectRoot: string): Promise<string[]> {
  return (await readBuildSettingsScenes(projectRoot)).filter((s) => s.enabled).map((s) => s.path)
}
