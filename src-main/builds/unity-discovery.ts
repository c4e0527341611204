import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { UnityDiscovery, UnityEditorInstall } from '../../src-shared/types-builds'

export interface DiscoveryEnv {
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
  home: string
  /** The `unityPath` user setting: an editor executable or a folder of versions. */
  settingPath?: string
  /** `--unity <path>`: wins over everything. */
  explicitPath?: string
  exists(p: string): boolean
  listDir(p: string): string[]
  readFile(p: string): string | null
}

export function realDiscoveryEnv(over: Partial<DiscoveryEnv> = {}): DiscoveryEnv {
  return {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    exists: (p) => fs.existsSync(p),
    listDir: (p) => {
      try {
        return fs.readdirSync(p)
      } catch {
        return []
      }
    },
    readFile: (p) => {
      try {
        return fs.readFileSync(p, 'utf8')
      } catch {
        return null
      }
    },
    ...over,
  }
}

/** The editor executable inside one Hub version folder (`…/Hub/Editor/2022.3.10f1`). */
export function editorExecutable(platform: NodeJS.Platform, versionDir: string): string {
  if (platform === 'win32') return path.win32.join(versionDir, 'Editor', 'Unity.exe')
  if (platform === 'darwin') return path.posix.join(versionDir, 'Unity.app', 'Contents', 'MacOS', 'Unity')
  return path.posix.join(versionDir, 'Editor', 'Unity')
}

/** Unity Hub's default install folders, plus the secondary folder a user chose in the Hub. */
export function hubEditorFolders(e: DiscoveryEnv): string[] {
  const folders: string[] = []
  let hubConfig: string
  if (e.platform === 'win32') {
    folders.push('C:\\Program Files\\Unity\\Hub\\Editor')
    hubConfig = path.win32.join(e.env.APPDATA ?? path.win32.join(e.home, 'AppData', 'Roaming'), 'UnityHub')
  } else if (e.platform === 'darwin') {
    folders.push('/Applications/Unity/Hub/Editor')
    hubConfig = path.posix.join(e.home, 'Library', 'Application Support', 'UnityHub')
  } else {
    folders.push(path.posix.join(e.home, 'Unity', 'Hub', 'Editor'))
    hubConfig = path.posix.join(e.env.XDG_CONFIG_HOME ?? path.posix.join(e.home, '.config'), 'UnityHub')
  }
  const join = e.platform === 'win32' ? path.win32.join : path.posix.join
  const secondary = e.readFile(join(hubConfig, 'secondaryInstallPath.json'))
  if (secondary) {
    try {
      const p = JSON.parse(secondary) as unknown
      if (typeof p === 'string' && p.trim()) folders.push(p.trim())
    } catch {
      /* the Hub writes a JSON string; anything else is ignored */
    }
  }
  return folders
}

const VERSION = /^\d{1,4}\.\d+\.\d+[abfpx]\d+/

/** A version from a path such as `/…/Hub/Editor/2022.3.10f1/Editor/Unity`. */
export function versionFromPath(p: string): string | null {
  for (const part of p.split(/[\\/]/).reverse()) {
    const m = VERSION.exec(part)
    if (m) return m[0]
  }
  return null
}

function installsAt(e: DiscoveryEnv, p: string, source: UnityEditorInstall['source']): UnityEditorInstall[] {
  if (!e.exists(p)) return []
  // A folder of versions (a Hub Editor folder) or one version folder: look for executables inside.
  const versionsHere = e.listDir(p).filter((n) => VERSION.test(n))
  if (versionsHere.length > 0) {
    return versionsHere
      .map((v) => ({ version: v, path: editorExecutable(e.platform, (e.platform === 'win32' ? path.win32 : path.posix).join(p, v)), source }))
      .filter((i) => e.exists(i.path))
  }
  const inside = editorExecutable(e.platform, p)
  if (e.exists(inside)) return [{ version: versionFromPath(p) ?? 'unknown', path: inside, source }]
  // Otherwise it is the executable itself (or a stand-in): its version comes from its path if any.
  return [{ version: versionFromPath(p) ?? 'unknown', path: p, source }]
}

/**
 * Find installed editors and the one the project needs. Order of preference: `--unity`, the
 * setting, `UNITY_PATH`, then Unity Hub's folders. An explicit path is trusted even when its
 * version cannot be read from the path (custom installs, the test stand-in).
 */
export function discoverUnity(projectVersion: string | null, e: DiscoveryEnv): UnityDiscovery {
  const editors: UnityEditorInstall[] = []
  if (e.explicitPath) editors.push(...installsAt(e, e.explicitPath, 'argument'))
  if (e.settingPath) editors.push(...installsAt(e, e.settingPath, 'setting'))
  if (e.env.UNITY_PATH) editors.push(...installsAt(e, e.env.UNITY_PATH, 'env'))
  for (const folder of hubEditorFolders(e)) editors.push(...installsAt(e, folder, 'hub'))

  const explicit = editors.find((i) => i.source === 'argument')
  if (explicit) {
    const mismatch = projectVersion && explicit.version !== 'unknown' && explicit.version !== projectVersion
    return {
      projectVersion,
      editors,
      match: explicit,
      message: mismatch ? `Using Unity ${explicit.version} from --unity, but the project is on ${projectVersion}: Unity will upgrade the project.` : null,
    }
  }
  const exact = editors.find((i) => i.version === projectVersion)
  if (exact) return { projectVersion, editors, match: exact, message: null }
  // An editor given by setting or UNITY_PATH whose version is not in its path: trust the user.
  const unnamed = editors.find((i) => i.version === 'unknown')
  if (unnamed) return { projectVersion, editors, match: unnamed, message: null }

  const found = editors.length ? `Found: ${[...new Set(editors.map((i) => i.version))].join(', ')}.` : 'No Unity editor was found.'
  const where = hubEditorFolders(e)[0]
  return {
    projectVersion,
    editors,
    match: null,
    message: projectVersion
      ? `This project needs Unity ${projectVersion}, which is not installed. ${found} Install ${projectVersion} with Unity Hub (into ${where}), or set UNITY_PATH or the Unity path in Settings.`
      : `The project has no ProjectSettings/ProjectVersion.txt, so its Unity version is unknown. ${found} Set the Unity path in Settings or UNITY_PATH.`,
  }
}
