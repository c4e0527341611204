import { useState } from 'react'
import type { FileOutcome } from '../../../src-shared/types-assetproc'
import { useClient } from '../../state/client'
import { extOf, figureText, relToProject, sizeChange } from './figures'

/** Formats SLATE writes that Unity's own importers do not read (a package or a plugin does). */
const UNITY_NEEDS_PACKAGE: Record<string, string> = {
  '.webp': 'it needs a WebP importer package',
  '.ktx2': 'it needs a KTX2 loader such as com.unity.cloud.ktx',
  '.glb': 'it needs glTFast (com.unity.cloud.gltfast)',
  '.gltf': 'it needs glTFast (com.unity.cloud.gltfast)',
  '.opus': 'Unity imports WAV, MP3, Ogg, AIFF; not Opus',
}

/**
 * The files of a preview or a run: before/after figures of each, its error if it failed (the
 * batch went on), and the explicit "Replace source…" step: a confirmation that says what happens
 * (the .meta and its GUID stay, the original goes to SLATE's backups) before anything is touched.
 */
interface Replaced {
  replacedBy: string
  guid: string | null
  backupDir: string
}

export function BatchFiles({ files, root, pending }: { files: FileOutcome[]; root: string; pending?: string[] }) {
  const client = useClient()
  const [confirming, setConfirming] = useState<string | null>(null)
  const [replaced, setReplaced] = useState<Record<string, Replaced | { error: string }>>({})
  const [busy, setBusy] = useState(false)
  const replace = async (f: FileOutcome) => {
    setBusy(true)
    try {
      const r = await client.call('assets.process.replace', { source: relToProject(root, f.source), output: f.outputs[0].path })
      setReplaced((m) => ({ ...m, [f.source]: r }))
    } catch (e) {
      setReplaced((m) => ({ ...m, [f.source]: { error: e instanceof Error ? e.message : String(e) } }))
    } finally {
      setBusy(false)
      setConfirming(null)
    }
  }
  return (
    <div className="proc-files" data-testid="proc-files">
      {files.map((f) => {
        const rel = relToProject(root, f.source)
        const done = replaced[f.source] ?? f.replaced
        const out = f.outputs[0]
        return (
          <div key={f.source} className={`proc-file ${f.ok ? 'ok' : 'failed'}`} data-testid="proc-file" data-source={rel} data-ok={f.ok}>
            <div className="proc-file-head">
              <span className="proc-status" aria-label={f.ok ? 'done' : 'failed'}>{f.ok ? '✓' : '✗'}</span>
              <span className="mono proc-file-name" title={f.source}>{rel}</span>
              <span className="muted small">{(f.ms / 1000).toFixed(1)} s</span>
            </div>
            {!f.ok && <div className="proc-error small" data-testid="proc-file-error">{f.error}</div>}
            {f.ok && (
              <div className="proc-figures small">
                <span className="muted">before</span>
                <span data-testid="proc-before">{figureText(f.before)}</span>
                {f.outputs.map((o) => (
                  <FragmentRow key={o.path} label={o.lod ? `LOD${o.lod}` : 'after'} text={figureText(o.figures)} change={f.before ? sizeChange(f.before.bytes, o.figures.bytes) : ''} file={relToProject(root, o.path)} />
                ))}
              </div>
            )}
            {f.ok && out && !done && confirming !== f.source && (
              <button className="secondary small" onClick={() => setConfirming(f.source)} data-testid="proc-replace">
                Replace source…
              </button>
            )}
            {confirming === f.source && out && (
              <div className="proc-confirm small" data-testid="proc-replace-confirm">
                <p>
                  Replace <b className="mono">{rel}</b> ({figureText(f.before)}) with <b className="mono">{out.path.slice(out.path.replace(/\\/g, '/').lastIndexOf('/') + 1)}</b> ({figureText(out.figures)})?
                </p>
                {UNITY_NEEDS_PACKAGE[extOf(out.path)] && extOf(out.path) !== extOf(f.source) && (
                  <p className="proc-warn" data-testid="proc-replace-warning">
                    Unity does not import {extOf(out.path)} files by itself ({UNITY_NEEDS_PACKAGE[extOf(out.path)]}): the references keep the GUID, but the asset stays unimported until the project has that.
                  </p>
                )}
                <p className="muted">Its .meta stays as it is, so the GUID and every reference to it hold (a new extension moves the .meta with it). The original and its .meta are kept in SLATE&apos;s backups and can be put back (slate assets restore).</p>
                <button className="primary" disabled={busy} onClick={() => void replace(f)} data-testid="proc-replace-ok">
                  Replace
                </button>{' '}
                <button className="secondary" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
              </div>
            )}
            {done && 'error' in done && <div className="proc-error small">{done.error}</div>}
            {done && !('error' in done) && (
              <div className="small proc-replaced" data-testid="proc-replaced">
                Replaced by {done.replacedBy}; GUID {done.guid ?? '(no .meta)'} kept; original in {done.backupDir}
              </div>
            )}
          </div>
        )
      })}
      {(pending ?? []).map((p) => (
        <div key={p} className="proc-file waiting" data-testid="proc-file-waiting">
          <div className="proc-file-head">
            <span className="proc-status muted">…</span>
            <span className="mono proc-file-name muted">{p}</span>
          </div>
        </div>
      ))}
    </div>
  )
}

function FragmentRow({ label, text, change, file }: { label: string; text: string; change: string; file: string }) {
  return (
    <>
      <span className="muted">{label}</span>
      <span data-testid="proc-after" title={file}>
        {text} {change && <b className={change.startsWith('−') ? 'proc-smaller' : 'proc-bigger'}>{change}</b>}
      </span>
    </>
  )
}
