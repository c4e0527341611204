import fs from 'node:fs'
import { ApiError } from '../../../src-shared/api-error'
import { readConfinedSync, writeFileConfinedSync } from '../../core/confined-fs'
import type { MetaWriteResult } from '../../../src-shared/types-unity'
import { applyChanges } from '../live/apply-changes'
import type { UnityProject } from '../unity-project'
import { editImporterSettings } from './meta-edit'
import { parseMeta } from './meta-file'
import { newGuid, renderNewMeta } from './meta-writer'

export class MetaWriteError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid_argument',
    message: string,
  ) {
    super(message)
  }
}

/**
 * Create the `.meta` of a new asset (file or folder) under Assets/ or an embedded package. The new
 * GUID is checked against every GUID the project declares. Refuses to overwrite an existing .meta:
 * replacing a GUID silently breaks every reference to the asset.
 */
export function createMeta(project: UnityProject, assetRel: string): MetaWriteResult {
  if (project.rootOf(assetRel) === null || project.indexedRoots.includes(assetRel)) {
    throw new MetaWriteError('invalid_argument', `"${assetRel}" is not inside Assets/ or an embedded package`)
  }
  if (assetRel.endsWith('.meta')) throw new MetaWriteError('invalid_argument', 'give the asset, not its .meta')
  let st: fs.Stats
  try {
    st = fs.statSync(project.abs(assetRel))
  } catch {
    throw new MetaWriteError('not_found', `"${assetRel}" does not exist`)
  }
  const metaRel = `${assetRel}.meta`
  const guid = newGuid((g) => project.index.isDeclared(g))
  const { text, importer } = renderNewMeta(assetRel, { guid, folder: st.isDirectory() })
  try {
    // createOnly: fail if it exists, atomically; confined: never through a link out of the project.
    writeFileConfinedSync(project.root, metaRel, text, { createOnly: true })
  } catch (err) {
    if (err instanceof ApiError && err.code === 'conflict') throw new MetaWriteError('conflict', `"${metaRel}" already exists`)
    throw err
  }
  applyChanges(project, [project.abs(assetRel), project.abs(metaRel)])
  return { path: metaRel, guid, importer, changed: [] }
}

/** Change importer settings in place; see meta-edit.ts for what "in place" guarantees. */
export function setImportSettings(project: UnityProject, assetRel: string, changes: Record<string, string>): MetaWriteResult {
  const meta = project.index.metaOf(assetRel)
  if (!meta) throw new MetaWriteError('not_found', `"${assetRel}" has no .meta`)
  const abs = project.abs(meta.path)
  const text = readConfinedSync(project.root, meta.path).toString('utf8')
  const parsed = parseMeta(text)
  if (!parsed.importer || !parsed.guid) throw new MetaWriteError('invalid_argument', `"${meta.path}" has no importer section to edit`)
  if (parsed.hasConflictMarkers) throw new MetaWriteError('conflict', `"${meta.path}" has merge conflict markers; resolve them first`)
  const edit = editImporterSettings(text, parsed.importer, changes)
  if (edit.missing.length > 0) throw new MetaWriteError('invalid_argument', `no setting ${edit.missing.map((k) => `"${k}"`).join(', ')} under ${parsed.importer}`)
  if (edit.changed.length > 0) {
    writeFileConfinedSync(project.root, meta.path, edit.text)
    applyChanges(project, [abs])
  }
  return { path: meta.path, guid: parsed.guid, importer: parsed.importer, changed: edit.changed }
}
