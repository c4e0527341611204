import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** A name-based UUID (version 5 layout, SHA-1) of a text: the same text always gives the same id. */
export function nameBasedUuid(text: string): string {
  const h = createHash('sha1').update(text).digest()
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

/**
 * The id of a project folder's row, the same for builds, runtime sessions and every other table
 * that belongs to a project.
 */
export function projectIdForRoot(root: string): string {
  return nameBasedUuid(`slate.project:${root}`)
}

/** The id of the project in a folder named by a user or a job: of its real path (links resolved), or of the path as given when it is gone. */
export function projectIdForFolder(folder: string): string {
  let real = path.resolve(folder)
  try {
    real = fs.realpathSync(real)
  } catch {
    /* gone: the id of the path as given */
  }
  return projectIdForRoot(real)
}
