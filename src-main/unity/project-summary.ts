import fs from 'node:fs/promises'
import path from 'node:path'
import { openRegularFile } from '../core/regular-file'
import type { ProjectSummary } from '../../src-shared/types'
import { parseProjectVersion } from './settings/project-files'

/**
 * The few facts the status bar needs, read cheaply and before the full index exists.
 * Missing or unreadable files give nulls, never an exception: an odd project still opens.
 */
export async function readProjectSummary(root: string): Promise<ProjectSummary> {
  const abs = path.resolve(root)
  const [versionText, settingsText] = await Promise.all([
    readHead(path.join(abs, 'ProjectSettings', 'ProjectVersion.txt'), 4096),
    readHead(path.join(abs, 'ProjectSettings', 'ProjectSettings.asset'), 64 * 1024),
  ])
  const { version, revision } = versionText ? parseProjectVersion(versionText).value : { version: null, revision: null }
  return {
    root: abs,
    folderName: path.basename(abs),
    productName: settingsText ? yamlScalar(settingsText, 'productName') : null,
    companyName: settingsText ? yamlScalar(settingsText, 'companyName') : null,
    unityVersion: version,
    unityRevision: revision,
  }
}

export async function isUnityProject(root: string): Promise<boolean> {
  try {
    const st = await fs.stat(path.join(root, 'ProjectSettings'))
    return st.isDirectory()
  } catch {
    return false
  }
}

async function readHead(file: string, bytes: number): Promise<string | null> {
  let handle: fs.FileHandle | undefined
  try {
    handle = await openRegularFile(file) // a FIFO here is refused, not waited on
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await handle.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead).toString('utf8')
  } catch {
    return null
  } finally {
    await handle?.close()
  }
}

/** A top-level-ish `  key: value` scalar of a Unity YAML document, unquoted. */
function yamlScalar(text: string, key: string): string | null {
  const m = text.match(new RegExp(`^\\s+${key}:[ \\t]*(.*)$`, 'm'))
  if (!m) return null
  const raw = m[1].trim()
  if (raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replace(/''/g, "'")
  if (raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string
    } catch {
      return raw.slice(1, -1)
    }
  }
  return raw
}
