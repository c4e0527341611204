import fs from 'node:fs'
import path from 'node:path'
import { readConfined, removeConfined, writeFileConfined } from '../core/confined-fs'
import { LINK_PROTOCOL } from './protocol'

export const DISCOVERY_FILE = 'Library/SlateLink.json'

/**
 * Write `<project>/Library/SlateLink.json` (url + token) for the Editor's bridge, through the
 * core's write path: mode 0600 (the token is a secret), atomic (the bridge never reads half a
 * file), and confined to the project (a `Library` link pointing elsewhere is refused).
 */
export async function writeDiscoveryFile(projectRoot: string, url: string, token: string): Promise<string> {
  const body = JSON.stringify({ url, token, protocol: LINK_PROTOCOL }, null, 2) + '\n'
  // A project that was never opened in Unity has no Library/: the folder SLATE makes for the
  // file is removed again with it, so a checkout (or a read-only fixture) is left as it was.
  if (!fs.existsSync(path.join(projectRoot, 'Library'))) createdLibrary.add(path.resolve(projectRoot))
  return writeFileConfined(projectRoot, DISCOVERY_FILE, body, { mode: 0o600 })
}
const createdLibrary = new Set<string>()

/** Remove the file when the link stops, only if it still names this server (a newer SLATE may own it). */
export async function removeDiscoveryFile(projectRoot: string, token: string): Promise<void> {
  try {
    const current = JSON.parse((await readConfined(projectRoot, DISCOVERY_FILE)).toString('utf8')) as { token?: string }
    if (current.token === token) await removeConfined(projectRoot, DISCOVERY_FILE)
  } catch {
    /* absent or unreadable: nothing to clean up */
  }
  if (createdLibrary.delete(path.resolve(projectRoot))) {
    try {
      fs.rmdirSync(path.join(projectRoot, 'Library')) // only if still empty: Unity may have filled it since
    } catch {
      /* not empty, or gone: leave it */
    }
  }
}

/** Permission bits of the written file (tests check the 0600). */
export function discoveryFileMode(file: string): number {
  return fs.statSync(file).mode & 0o777
}
