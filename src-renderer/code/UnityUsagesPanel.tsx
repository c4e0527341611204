import { useEffect, useState } from 'react'
import type { UnityEventUsage, UnityUsagesResult } from '../../src-shared/types-code'
import { useClient } from '../state/client'
import { useNavigation } from '../state/navigation'

/**
 * Where Unity uses a script (opened from its code lens): each scene, prefab and asset with an
 * object of the class, the values those objects serialize, and the UnityEvents wired to its
 * methods. A click opens the asset in the asset browser.
 */
export function UnityUsagesPanel({ path, onClose }: { path: string; onClose(): void }) {
  const client = useClient()
  const { navigate } = useNavigation()
  const [state, setState] = useState<{ result?: UnityUsagesResult; events?: UnityEventUsage[]; error?: string }>({})
  useEffect(() => {
    let cancelled = false
    setState({})
    Promise.all([client.call('code.unityUsages', { path, fields: true }), client.call('code.unityEvents', { path })]).then(
      ([result, events]) => !cancelled && setState({ result, events }),
      (err: unknown) => !cancelled && setState({ error: err instanceof Error ? err.message : String(err) }),
    )
    return () => {
      cancelled = true
    }
  }, [client, path])

  const { result, events, error } = state
  return (
    <aside className="find-panel usages-panel" data-testid="unity-usages" aria-label="Unity usages">
      <div className="panel-title">
        Unity usages{result?.script?.className ? ` of ${result.script.className}` : ''}
        <button className="link-button" onClick={onClose} aria-label="Close Unity usages">×</button>
      </div>
      <div className="find-results">
        {error && <div className="error-box">{error}</div>}
        {!result && !error && <div className="muted qo-hint">Reading the scenes and prefabs that use this script…</div>}
        {result?.note && <div className="muted qo-hint">{result.note}</div>}
        {result && (
          <div className="small muted qo-hint" data-testid="unity-usages-count">
            {result.usages.length === 0 ? 'No scene, prefab or asset uses this script.' : `${result.usages.length} asset${result.usages.length === 1 ? ' uses' : 's use'} this script (GUID ${result.script?.guid}).`}
          </div>
        )}
        {result?.usages.map((u) => (
          <div key={u.path} className="usage-group">
            <button className="find-file link-button" onClick={() => navigate({ view: 'assets', asset: u.path })} data-testid="unity-usage" data-path={u.path} title="Show in the asset browser">
              <span className="badge">{u.kind}</span> {u.path}
            </button>
            {u.objects.map((o) => (
              <div key={o.fileId} className="usage-object small">
                <div className="muted">{o.gameObject ?? `object &${o.fileId}`}</div>
                {Object.entries(o.fields)
                  .slice(0, 12)
                  .map(([k, v]) => (
                    <div key={k} className="mono usage-field">
                      {k}: <span className="muted">{v}</span>
                    </div>
                  ))}
              </div>
            ))}
          </div>
        ))}
        {events && events.length > 0 && (
          <>
            <div className="panel-title small">UnityEvents calling its methods</div>
            {events.map((e, i) => (
              <button key={i} className="find-line link-button" onClick={() => navigate({ view: 'assets', asset: e.path })} data-testid="unity-event">
                <span className="mono">{e.method}</span> <span className="muted">← {e.event} on {e.gameObject ?? '?'} in {e.path}</span>
              </button>
            ))}
          </>
        )}
      </div>
    </aside>
  )
}
