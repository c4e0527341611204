import { useState } from 'react'
import type { AssetRef } from '../../src-shared/types-unity'
import { ErrorBox } from '../components/EmptyState'
import { useCall } from '../state/client'
import { assetIcon, formatBytes, PROBLEM_TEXT } from './asset-icons'
import { SceneOutline } from './SceneOutline'
import { Thumb } from './Thumb'

const TEXT_TYPES = new Set(['Script', 'Shader', 'ShaderInclude', 'ComputeShader', 'Material', 'Prefab', 'Scene', 'ScriptableObject', 'AnimationClip', 'AnimatorController', 'AssemblyDefinition', 'Text'])

function RefList({ title, refs, testId, onGo, empty }: { title: string; refs: AssetRef[] | undefined; testId: string; onGo(r: AssetRef): void; empty: string }) {
  const [all, setAll] = useState(false)
  const shown = all ? refs : refs?.slice(0, 50)
  return (
    <section className="ref-section" data-testid={testId}>
      <h3>
        {title} <span className="muted">{refs ? refs.length : '…'}</span>
      </h3>
      {refs && refs.length === 0 && <div className="muted small">{empty}</div>}
      <ul className="ref-list">
        {shown?.map((r) => {
          const name = r.path ? r.path.slice(r.path.lastIndexOf('/') + 1) : (r.builtin ?? 'Unresolved GUID')
          const icon = assetIcon(r.type ?? (r.path ? 'Other' : r.state === 'unverifiable' ? 'Other' : 'Missing'))
          return (
            <li key={`${r.guid}${r.path}`}>
              {r.path ? (
                <button className="ref-link" onClick={() => onGo(r)} title={r.path} data-testid="ref-link" data-path={r.path}>
                  <span className="ref-icon" style={{ color: icon.color }}>
                    {icon.label}
                  </span>
                  {name}
                  {r.count > 1 && <span className="muted small"> ×{r.count}</span>}
                  {r.depth > 1 && <span className="muted small"> · via {r.depth - 1} step{r.depth > 2 ? 's' : ''}</span>}
                  {r.package && (
                    <span className="pkg-badge" data-testid="ref-package">
                      {r.package}
                    </span>
                  )}
                </button>
              ) : r.builtin ? (
                <span className="muted small" title={r.guid}>
                  {r.builtin}
                </span>
              ) : r.state === 'unverifiable' ? (
                <span className="ref-unverifiable small" title={`${r.guid}: no .meta read declares it; it may be in a package that is not on this machine`} data-testid="ref-unverifiable">
                  In a package not on this machine? (guid {r.guid.slice(0, 8)}…) — cannot be checked
                </span>
              ) : (
                <span className="ref-broken small" title={r.guid} data-testid="ref-missing">
                  Missing asset (guid {r.guid.slice(0, 8)}…)
                </span>
              )}
            </li>
          )
        })}
      </ul>
      {refs && refs.length > 50 && !all && (
        <button className="link-button small" onClick={() => setAll(true)}>
          Show all {refs.length}
        </button>
      )}
    </section>
  )
}

/** Everything about one asset: what Unity's Inspector shows for it, plus where it is used. */
export function AssetPreview({
  asset,
  problems = [],
  onGo,
  onOpenCode,
  onFindRefs,
  version = 0,
}: {
  asset: string
  /** Bumped when the index changed: the detail and references are asked again (a package arrived, a file changed). */
  version?: number
  /** Problem kinds the asset list found (LFS pointer, unresolved references) beyond the index's diagnostics. */
  problems?: string[]
  onGo(path: string): void
  onOpenCode(path: string): void
  onFindRefs(guid: string): void
}) {
  const detail = useCall('unity.asset.get', { asset }, `${asset}|${version}`)
  // Indirect: everything a prefab or scene pulls in (or every scene an asset ends up in).
  const [transitive, setTransitive] = useState(false)
  const refs = useCall('unity.refs', { asset, transitive }, `${asset}|${transitive}|${version}`)
  const d = detail.data
  const isTexture = d?.type === 'Texture' && d.storage !== 'lfs'
  const thumbCall = useCall('assets.thumbnail', isTexture && d ? { path: d.path, size: 256 } : null)
  const thumb = isTexture ? thumbCall.data : undefined
  if (detail.error) return <div className="asset-preview"><ErrorBox error={detail.error} /></div>
  if (!d) return <div className="asset-preview muted">Loading…</div>
  const name = d.path.slice(d.path.lastIndexOf('/') + 1)
  const settings = d.importerSettings && typeof d.importerSettings === 'object' ? Object.entries(d.importerSettings as Record<string, unknown>) : []
  return (
    <div className="asset-preview" data-testid="asset-preview" data-path={d.path}>
      <div className="preview-head">
        <span className="preview-thumb">
          {thumb?.dataUrl ? <img className="thumb-img" src={thumb.dataUrl} alt={`Preview of ${name}`} /> : <Thumb path={d.path} type={d.type} size={96} storage={d.storage} />}
        </span>
        <div>
          <h2 title={d.path}>{name}</h2>
          <div className="muted">
            {d.type}
            {d.mainClass && d.mainClass !== d.type && <span className="small"> · {d.mainClass}</span>}
          </div>
          {d.package && (
            <div className="small muted" data-testid="asset-readonly">
              Read-only: from the package {d.package}
            </div>
          )}
        </div>
      </div>
      <div className="preview-actions">
        {TEXT_TYPES.has(d.type) && d.storage !== 'binary' && d.storage !== 'lfs' && !d.package && (
          <button className="secondary" onClick={() => onOpenCode(d.path)} data-testid="asset-open-code">
            Open in editor
          </button>
        )}
        {d.guid && (
          <button className="secondary" onClick={() => onFindRefs(d.guid!)}>
            Find users (ref:)
          </button>
        )}
      </div>
      <dl className="props">
        <dt>GUID</dt>
        <dd className="mono" data-testid="asset-guid">
          {d.guid ?? '— (no .meta)'}
        </dd>
        <dt>Path</dt>
        <dd className="mono">{d.path}</dd>
        <dt>Size</dt>
        <dd>{d.folder ? '—' : formatBytes(d.size)}</dd>
        {(thumb?.width || d.type === 'Texture') && (
          <>
            <dt>Dimensions</dt>
            <dd data-testid="asset-dimensions">{thumb?.width ? `${thumb.width} × ${thumb.height} (${thumb.format})` : (thumb?.reason ?? (d.storage === 'lfs' ? 'Unknown: the file is a Git LFS pointer' : '…'))}</dd>
          </>
        )}
        <dt>Storage</dt>
        <dd>{d.storage === 'lfs' ? 'Git LFS pointer (not checked out)' : d.storage}</dd>
        <dt>Importer</dt>
        <dd>{d.importer ?? '—'}</dd>
      </dl>
      {(d.diagnostics.length > 0 || problems.some((k) => !d.diagnostics.some((x) => x.kind === k))) && (
        <section className="diag-list" data-testid="asset-diagnostics">
          <h3>Problems</h3>
          {d.diagnostics.map((x, i) => (
            <div key={i} className="diag">
              <strong>{PROBLEM_TEXT[x.kind] ?? x.kind}</strong>
              <div className="small muted">{x.message}</div>
            </div>
          ))}
          {problems
            .filter((k) => !d.diagnostics.some((x) => x.kind === k))
            .map((k) => (
              <div key={k} className="diag">
                <strong>{PROBLEM_TEXT[k] ?? k}</strong>
              </div>
            ))}
        </section>
      )}
      {refs.error && <ErrorBox error={refs.error} />}
      <label className="small muted transitive-toggle">
        <input type="checkbox" checked={transitive} onChange={(e) => setTransitive(e.target.checked)} data-testid="asset-transitive" /> Include indirect references
      </label>
      <RefList title="Dependencies" refs={refs.data?.dependencies} testId="asset-dependencies" onGo={(r) => onGo(r.path!)} empty="Uses no other asset." />
      <RefList title="Used by" refs={refs.data?.usedBy} testId="asset-usedby" onGo={(r) => onGo(r.path!)} empty="Nothing in the project references it. Code may still load it by name (Resources.Load, Addressables, AssetBundles)." />
      {(d.type === 'Scene' || d.type === 'Prefab') && d.storage === 'yaml' && <SceneOutline path={d.path} onGo={onGo} />}
      {settings.length > 0 && (
        <details className="importer-settings">
          <summary>Importer settings ({d.importer})</summary>
          <pre className="mono small">{JSON.stringify(d.importerSettings, null, 1).slice(0, 20_000)}</pre>
        </details>
      )}
    </div>
  )
}
