import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { resolveInProject } from '../core/project-paths'
import { LINK_PROTOCOL } from './protocol'

export const DISCOVERY_FILE = 'Library/SlateLink.json'

/**
 * Write `<project>/Library/SlateLink.json` (url + token) for the Editor's bridge. The token is a
 * secret: the file is created 0600 in a temp name and renamed into place, so no other user ever
 * sees a readable copy and the bridge never reads half a file. The path is confined to the
 * project (a `Library` symlink pointing elsewhere is refused).
 * TODO(confinedfs): switch to the core's confined write path once it lands on main.
 */
export async function writeDiscoveryFile(projectRoot: string, url: string, token: string): Promise<string> {
  const libraryDir = resolveInProject(projectRoot, 'Library')
  await fs.promises.mkdir(libraryDir, { recursive: true })
  const target = resolveInProject(projectRoot, DISCOVERY_FILE)
  const tmp = path.join(libraryDir, `.SlateLink.${crypto.randomBytes(6).toString('hex')}.tmp`)
  const body = JSON.stringify({ url, token, protocol: LINK_PROTOCOL }, null, 2) + '\n'
  const fh = await fs.promises.open(tmp, 'wx', 0o600)
  try {
    await fh.writeFile(body)
    await fh.sync()
  } finally {
    await fh.close()
  }
  await fs.promises.rename(tmp, target)
  // rename keeps the temp file's mode; chmod guards against a umask-less platform quirk
  await fs.promises.chmod(target, 0o600)
  return target
}

/** Remove the file when the link stops, only if it still names this server (a newer SLATE may own it). */
export async function removeDiscoveryFile(projectRoot: string, token: string): Promise<void> {
  try {
    const target = resolveInProject(projectRoot, DISCOVERY_FILE)
    const current = JSON.parse(await fs.promises.readFile(target, 'utf8')) as { token?: string }
    if (current.token === token) await fs.promises.unlink(target)
  } catch {
    /* absent or unreadable: nothing to clean up */
  }
}
