import { useEffect, useRef, useState } from 'react'
import type { BatchSummary } from '../../../src-shared/contract-assetproc'
import type { AssetKind, BatchProgress, FileOutcome, ProcessOptions } from '../../../src-shared/types-assetproc'
import { useClient } from '../../state/client'
import { BatchFiles } from './BatchFiles'
import { BatchHistory } from './BatchHistory'
import { kindOfPath } from './figures'
import { ProcessOptionsForm } from './ProcessOptionsForm'
import './process.css'

/**
 * Process… (Assets view): options per kind and presets → a preview of a few files (written to
 * SLATE's data folder, the project untouched) → the run, with progress per file and in total,
 * cancellable, each file's error shown while the batch goes on → an explicit Replace source… per
 * file → the history of batches. Outputs go beside each source under a new name, or to a folder
 * inside the project; a source is only ever changed by Replace.
 */
export interface ProcessSelection {
  /** "3 selected assets", "all 42 results of “t:Texture”" */
  label: string
  /** project-relative files and folders (folders are walked by the core) */
  paths: () => Promise<string[]>
}

interface RunState {
  batchId: string
  total: number
  done: number
  failed: number
  files: FileOutcome[]
  phase: BatchProgress['phase'] | 'queued'
  error?: string
}

const PREVIEW_FILES = 6
const ALL_KINDS = new Set<AssetKind>(['texture', 'model', 'audio'])

export function ProcessDialog({ root, selection, onClose }: { root: string; selection: ProcessSelection; onClose(): void }) {
  const client = useClient()
  const [paths, setPaths] = useState<string[] | null>(null)
  const [pathsError, setPathsError] = useState<string | null>(null)
  const [tab, setTab] = useState<'process' | 'history'>('process')
  const [options, setOptions] = useState<ProcessOptions>({ texture: {}, model: {}, audio: {} })
  const [outMode, setOutMode] = useState<'beside' | 'folder'>('folder')
  const [outFolder, setOutFolder] = useState('Assets/Processed')
  const [preview, setPreview] = useState<BatchSummary | null>(null)
  const [previewing, setPreviewing] = useState(false)
  const [run, setRun] = useState<RunState | null>(null)
  const [historyVersion, setHistoryVersion] = useState(0)
  const abort = useRef<AbortController | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    selection.paths().then(setPaths, (e: unknown) => setPathsError(e instanceof Error ? e.message : String(e)))
  }, [selection])

  const kinds = paths && paths.every((p) => kindOfPath(p)) ? new Set(paths.map((p) => kindOfPath(p)!)) : ALL_KINDS
  const folderOk = outMode === 'beside' || (/^[^/\\]/.test(outFolder.trim()) && !outFolder.split(/[/\\]/).includes('..') && outFolder.trim() !== '')
  const outDir = outMode === 'beside' ? null : `${root.replace(/[\\/]+$/, '')}/${outFolder.trim().replace(/^[/\\]+/, '')}`
  const running = run !== null && (run.phase === 'queued' || run.phase === 'started' || run.phase === 'file')

  const doPreview = async () => {
    if (!paths?.length) return
    setProblem(null)
    setPreviewing(true)
    try {
      setPreview(await client.call('assets.process.preview', { paths, options, limit: PREVIEW_FILES }))
      setHistoryVersion((v) => v + 1)
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e))
    } finally {
      setPreviewing(false)
    }
  }

  const doRun = async () => {
    if (!paths?.length || !folderOk) return
    setProblem(null)
    const batchId = crypto.randomUUID()
    const ac = new AbortController()
    abort.current = ac
    setRun({ batchId, total: 0, done: 0, failed: 0, files: [], phase: 'queued' })
    // Subscribed before the call: the first events come while it runs.
    const off = client.on(
      'assets.process.progress',
      (p) => setRun((r) => (r && r.batchId === p.batchId ? { ...r, total: p.total, done: p.done, failed: p.failed, phase: p.phase, files: p.file ? [...r.files, p.file] : r.files } : r)),
      batchId,
    )
    try {
      const s = await client.call('assets.process.run', { paths, options, outDir, batchId }, { signal: ac.signal })
      setRun((r) => (r ? { ...r, total: s.total, done: s.done, failed: s.failed, files: s.files, phase: s.cancelled ? 'cancelled' : 'finished' } : r))
    } catch (e) {
      const cancelled = ac.signal.aborted
      setRun((r) => (r ? { ...r, phase: cancelled ? 'cancelled' : 'finished', error: cancelled ? undefined : e instanceof Error ? e.message : String(e) } : r))
    } finally {
      off()
      abort.current = null
      setHistoryVersion((v) => v + 1)
    }
  }

  const pct = run && run.total ? Math.round((run.done / run.total) * 100) : 0
  return (
    <div className="overlay" onMouseDown={() => !running && onClose()}>
      <div className="proc-dialog" role="dialog" aria-label="Process assets" onMouseDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.key === 'Escape' && !running && onClose()} data-testid="process-dialog">
        <div className="proc-header">
          <b>Process {selection.label}</b>
          <span className="muted small">{paths ? `${paths.length.toLocaleString()} item${paths.length === 1 ? '' : 's'}` : pathsError ?? 'collecting…'}</span>
          <span className="proc-tabs" role="tablist">
            <button role="tab" aria-selected={tab === 'process'} className={`toggle${tab === 'process' ? ' on' : ''}`} onClick={() => setTab('process')}>
              Process
            </button>
            <button role="tab" aria-selected={tab === 'history'} className={`toggle${tab === 'history' ? ' on' : ''}`} onClick={() => setTab('history')} data-testid="proc-tab-history">
              History
            </button>
          </span>
          <button className="link-button" onClick={onClose} disabled={running} aria-label="Close">
            ✕
          </button>
        </div>
        <div className="proc-body">
          {tab === 'history' && <BatchHistory root={root} version={historyVersion} />}
          {tab === 'process' && (
            <>
              <p className="small muted proc-help">
                Textures (PNG, JPEG, WebP, TGA → PNG/JPEG/WebP/KTX2), models (glTF/GLB, FBX/OBJ → GLB/glTF with LODs) and audio (WAV, MP3, Ogg, FLAC → WAV/Ogg/Opus/MP3, resampled, loudness-normalised), on every core. Sources are never overwritten: Preview shows the result of the first {PREVIEW_FILES} files without touching the project; Run writes new files; only Replace source… changes a source, keeping its .meta (GUID) and a backup. A file that fails is reported and the batch goes on.
              </p>
              <ProcessOptionsForm kinds={kinds} options={options} onChange={setOptions} />
              <fieldset className="proc-kind" data-testid="proc-output">
                <legend>Output</legend>
                <label>
                  <input type="radio" name="proc-out" checked={outMode === 'folder'} onChange={() => setOutMode('folder')} /> folder in the project{' '}
                  <input value={outFolder} onChange={(e) => setOutFolder(e.target.value)} disabled={outMode !== 'folder'} aria-label="Output folder in the project" data-testid="proc-out-folder" />
                </label>
                <label>
                  <input type="radio" name="proc-out" checked={outMode === 'beside'} onChange={() => setOutMode('beside')} data-testid="proc-out-beside" /> beside each source, as &lt;name&gt;-processed.&lt;ext&gt;
                </label>
                {!folderOk && <span className="proc-error small">A folder inside the project, e.g. Assets/Processed</span>}
              </fieldset>
              <div className="proc-actions">
                <button className="secondary" disabled={!paths?.length || previewing || running} onClick={() => void doPreview()} data-testid="proc-preview">
                  {previewing ? 'Previewing…' : 'Preview'}
                </button>
                <button className="primary" disabled={!paths?.length || running || !folderOk} onClick={() => void doRun()} data-testid="proc-run">
                  Run on {paths ? paths.length.toLocaleString() : '…'} item{paths?.length === 1 ? '' : 's'}
                </button>
                {running && (
                  <button className="secondary danger" onClick={() => abort.current?.abort()} data-testid="proc-cancel">
                    Cancel
                  </button>
                )}
              </div>
              {problem && <div className="proc-error" data-testid="proc-problem">{problem}</div>}
              {run && (
                <div className="proc-run" data-testid="proc-run-state" data-phase={run.phase}>
                  <div className="proc-progress" role="progressbar" aria-valuemin={0} aria-valuemax={run.total} aria-valuenow={run.done}>
                    <div style={{ width: `${pct}%` }} />
                  </div>
                  <div className="small" data-testid="proc-totals">
                    {run.phase === 'queued' ? 'Starting…' : `${run.done}/${run.total} files${run.failed ? `, ${run.failed} failed` : ''}`}
                    {run.phase === 'finished' && ' — finished'}
                    {run.phase === 'cancelled' && ' — cancelled (outputs written so far are whole)'}
                  </div>
                  {run.error && <div className="proc-error">{run.error}</div>}
                  <BatchFiles files={run.files} root={root} />
                </div>
              )}
              {preview && !run && (
                <div className="proc-preview" data-testid="proc-preview-result">
                  <div className="small muted">Preview of {preview.files.length} file{preview.files.length === 1 ? '' : 's'} (in SLATE&apos;s data folder; the project is unchanged)</div>
                  <BatchFiles files={preview.files} root={root} />
                </div>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  )
}
