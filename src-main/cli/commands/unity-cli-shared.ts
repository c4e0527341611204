import fs from 'node:fs'
import path from 'node:path'
import { CliError } from '../command'
import { defaultDataDir } from '../../core/data-dir'
import { UnityProject } from '../../unity/unity-project'
import { isUnityProject } from '../../unity/project-summary'
import { editorBuiltInPackagesDir, packageCacheDirOf } from '../../unity/packages/package-locations'
import { parseProjectVersion } from '../../unity/settings/project-files'
import { discoverUnity, realDiscoveryEnv } from '../../builds/unity-discovery'

/**
 * The project folder a command was given, or a message that says what is wrong with it: missing
 * (with the path as resolved), a file, or a folder that is not a Unity project.
 */
export async function requireProjectFolder(folder: string): Promise<string> {
  const root = path.resolve(folder)
  let st: fs.Stats
  try {
    st = fs.statSync(root)
  } catch {
    throw new CliError(`"${folder}" does not exist${root !== folder ? ` (${root})` : ''}: give the folder of a Unity project (the one with Assets/ and ProjectSettings/)`)
  }
  if (!st.isDirectory()) throw new CliError(`"${folder}" is a file, not a folder: give the folder of a Unity project (the one with Assets/ and ProjectSettings/)`)
  if (!(await isUnityProject(root))) throw new CliError(`"${folder}" is not a Unity project: it has no ProjectSettings folder`)
  return root
}

/** Open a project for a one-shot CLI command, with the same persisted cache the app uses. */
export async function openProjectForCli(folder: string, useCache: boolean): Promise<UnityProject> {
  const root = path.resolve(folder)
  if (!fs.existsSync(root)) throw new CliError(`"${folder}" does not exist`)
  if (!(await isUnityProject(root))) throw new CliError(`"${folder}" is not a Unity project: it has no ProjectSettings folder`)
  const found = discoverUnity(readProjectVersion(root), realDiscoveryEnv()).match
  return UnityProject.openAsync(root, {
    cacheDir: useCache ? path.join(defaultDataDir(), 'cache') : null,
    packageCacheDir: packageCacheDirOf(defaultDataDir()),
    editorPackagesDir: found ? editorBuiltInPackagesDir(found.path) : null,
    oneShot: true,
  })
}

function readProjectVersion(root: string): string | null {
  try {
    return parseProjectVersion(fs.readFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'utf8')).value.version
  } catch {
    return null
  }
}

/** A plain text table; long cells are cut so one line stays one line. */
export function table(header: string[], rows: string[][], maxCell = 100): string {
  const cut = (s: string) => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s)
  const all = [header, ...rows].map((r) => r.map(cut))
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  return all.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n')
}
