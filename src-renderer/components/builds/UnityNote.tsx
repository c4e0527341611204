import type { UnityDiscovery } from '../../../src-shared/types-builds'
import { useNavigation } from '../../state/navigation'

const SOURCE: Record<string, string> = { setting: 'the Unity path setting', env: 'UNITY_PATH', hub: 'Unity Hub', argument: '--unity' }

/** Which editor a local build will use, or why there is none and how to fix it. */
export function UnityNote({ discovery, error }: { discovery: UnityDiscovery | undefined; error: { message: string } | null }) {
  const { navigate } = useNavigation()
  if (error) return <div className="banner banner-error" data-testid="unity-discovery"><span>Could not look for Unity editors: {error.message}</span></div>
  if (!discovery) return <div className="banner banner-info" data-testid="unity-discovery"><span>Looking for Unity editors…</span></div>
  const m = discovery.match
  if (m) {
    return (
      <div className={`banner ${discovery.message ? 'banner-warn' : 'banner-info'}`} data-testid="unity-discovery" data-found="true">
        <span>
          Local builds use {m.version === 'unknown' ? 'the Unity editor' : <strong>Unity {m.version}</strong>} at <span className="mono">{m.path}</span> (from {SOURCE[m.source] ?? m.source})
          {discovery.projectVersion && <span className="muted"> · the project is on Unity {discovery.projectVersion}</span>}
          {m.version === 'unknown' && <span className="muted"> · its version is not in its path, so it is used as given</span>}
          {discovery.message && <> · {discovery.message}</>}
        </span>
      </div>
    )
  }
  return (
    <div className="banner banner-error" data-testid="unity-discovery" data-found="false" role="alert">
      <span>{discovery.message ?? 'No Unity editor was found.'}</span>
      <button className="secondary" onClick={() => navigate({ view: 'settings' })}>
        Set the Unity path…
      </button>
    </div>
  )
}
