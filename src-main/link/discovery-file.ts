import fs from 'node:fs'
import { readConfined, removeConfined, writeFileConfined } from '../core/confined-fs'
import { LINK_PROTOCOL } from './protocol'

export const DISCOVERY_FILE = 'Library/SlateLink.json'

/**
 * Write `<project>/Library/SlateLink.json` (url + token) for the Editor's bridge, through the
 * core's confined write path: atomic (temp + rename, so the bridge never reads half a file),
 * mode 0600 from the first byte (the token is a secret), and refused if `Library` or the file is
 * a link that leads out of the project.
 */
export async function writeDiscoveryFile(projectRoot: string, url: string, token: string): Promise<string> {
  const body = JSON.stringify({ url, token, protocol: LINK_PROTOCOL }, null, 2) + '\n'
  return writeFileConfined(projectRoot, DISCOVERY_FILE, body, { mode: 0o600 })
}

/** Remove the file when the link stops, only if it still names this server (a newer SLATE may own it). */
export async function removeDiscoveryFile(projectRoot: string, token: string): Promise<void> {
  try {
    const current = JSON.parse((await readConfined(projectRoot, DISCOVERY_FILE, 64 * 1024)).toString('utf8')) as { token?: string }
    if (current.token === token) await removeConfined(projectRoot, DISCOVERY_FILE)
  } catch {
    /* absent or unreadable: nothing to clean up */
  }
}

export function discoveryFileMode(file: string): number {
  return fs.statSync(file).mode & 0o777
}
