import crypto from 'node:crypto'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../src-shared/api-error'
import { isInsideRoot, readConfined, removeConfined, writeFileConfined } from '../../core/confined-fs'
import { parseMeta } from '../../unity/meta/meta-file'
import { ensureOutDir } from './batch'
import { extOf } from './detect'

/**
 * Replacing a source with a processed output — only ever on an explicit request, after a preview.
 * The original and its .meta are first copied to `<data>/asset-backups/<id>/` (with a manifest),
 * then the new bytes replace the source atomically through the confined write path. The .meta is
 * kept as it is, so the GUID and every reference to the asset hold. When the extension changes
 * (PNG → JPG) the .meta moves to the new name with the same GUID and the old file goes away.
 */
export interface ReplaceResult {
  source: string
  replacedBy: string
  backupDir: string
  guid: string | null
  bytesBefore: number
  bytesAfter: number
}

export function backupRoot(dataDir: string): string {
  return path.join(dataDir, 'asset-backups')
}

export async function replaceSource(project: string, sourceRel: string, outputAbs: string, dataDir: string): Promise<ReplaceResult> {
  const root = path.resolve(project)
  const source = path.resolve(root, sourceRel)
  if (!isInsideRoot(root, source)) throw new ApiError('forbidden_path', `${sourceRel} is outside the project`)
  const rel = path.relative(root, source)
  const original = await readConfined(root, rel)
  let metaText: string | null = null
  try {
    metaText = (await readConfined(root, `${rel}.meta`)).toString('utf8')
  } catch {
    metaText = null
  }
  const next = await fsp.readFile(outputAbs)
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}`
  const backupDir = path.join(backupRoot(dataDir), id)
  await ensureOutDir(dataDir)
  // Backup first, durably: if anything below fails, the original is already safe.
  await writeFileConfined(dataDir, path.join('asset-backups', id, 'files', rel), original)
  if (metaText !== null) await writeFileConfined(dataDir, path.join('asset-backups', id, 'files', `${rel}.meta`), metaText)
  const newExt = extOf(outputAbs)
  const sameExt = newExt === extOf(rel)
  const targetRel = sameExt ? rel : rel.slice(0, rel.length - extOf(rel).length) + newExt
  const guid = metaText !== null ? parseMeta(metaText).guid : null
  await writeFileConfined(dataDir, path.join('asset-backups', id, 'manifest.json'), JSON.stringify({ project: root, source: rel, replacedBy: targetRel, guid, at: new Date().toISOString(), bytesBefore: original.length, bytesAfter: next.length }, null, 2))
  if (sameExt) {
    await writeFileConfined(root, rel, next)
  } else {
    await writeFileConfined(root, targetRel, next, { createOnly: true })
    if (metaText !== null) {
      await writeFileConfined(root, `${targetRel}.meta`, metaText, { createOnly: true })
      await removeConfined(root, `${rel}.meta`)
    }
    await removeConfined(root, rel)
  }
  return { source: rel, replacedBy: targetRel, backupDir, guid, bytesBefore: original.length, bytesAfter: next.length }
}

/** Put a backed-up original (and its .meta) back where it was. */
export async function restoreBackup(backupDir: string): Promise<{ project: string; restored: string }> {
  const manifest = JSON.parse(await fsp.readFile(path.join(backupDir, 'manifest.json'), 'utf8')) as { project: string; source: string; replacedBy: string }
  const root = manifest.project
  const files = path.join(backupDir, 'files')
  if (manifest.replacedBy !== manifest.source) {
    await removeConfined(root, manifest.replacedBy).catch(() => {})
    await removeConfined(root, `${manifest.replacedBy}.meta`).catch(() => {})
  }
  await writeFileConfined(root, manifest.source, await fsp.readFile(path.join(files, manifest.source)))
  const meta = await fsp.readFile(path.join(files, `${manifest.source}.meta`)).catch(() => null)
  if (meta) await writeFileConfined(root, `${manifest.source}.meta`, meta)
  return { project: root, restored: manifest.source }
}
