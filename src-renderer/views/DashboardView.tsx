import { useRef, useSyncExternalStore } from 'react'
import type { BuildJobSummary } from '../../src-shared/types-builds'
import type { ServiceHealth } from '../../src-shared/types'
import { EmptyState, ErrorBox } from '../components/EmptyState'
import { ProjectPicker } from '../components/ProjectPicker'
import { ProjectSwitcher } from '../components/ProjectSwitcher'
import { BuildsSummaryCard } from '../components/builds/BuildsSummaryCard'
import { ServicesCard } from '../components/ServicesCard'
import { openQuickOpen } from '../components/QuickOpen'
import { assetIcon, PROBLEM_TEXT } from '../assets/asset-icons'
import { PackagesNotice } from '../assets/PackagesNotice'
import { useActivity } from '../state/activity'
import { useCall, useEvent } from '../state/client'
import { shortcutText } from '../keys/keybindings'
import { useNavigation } from '../state/navigation'
import { connectionStore } from '../state/connection'


function HealthRow({ name, h: known }: { name: string; h: ServiceHealth }) {
  // A lost connection to the core means nobody here knows the services' state (web mode).
  const connection = useSyncExternalStore(connectionStore.subscribe, connectionStore.get)
  const lost = useRef(false)
  if (connection === 'open') lost.current = false
  else if (connection === 'closed') lost.current = true
  const h: ServiceHealth = lost.current ? { state: 'unknown' as ServiceHealth['state'], detail: 'the core is not reachable' } : known
  return (
    <div className={`health-row health-${h.state}`} data-testid={`dash-health-${name}`} title={h.error ?? h.detail}>
      <span className="dot" />
      <strong>{name === 'bus' ? 'messaging' : name}</strong> <span className="muted small">{h.state} · {h.detail}</span>
    </div>
  )
}

export default function DashboardView() {
  const { navigate } = useNavigation()
  const project = useCall('project.current', {})
  const summary = useCall('unity.index.summary', project.data ? {} : null, project.data?.root ?? 'none')
  const health = useCall('app.health', {})
  const builds = useCall('builds.history.list', project.data ? { limit: 8 } : null, project.data?.root ?? 'none')
  const activity = useActivity()
  useEvent('index.changed', () => summary.reload())
  useEvent('build.finished', () => builds.reload())
  useEvent('project.changed', () => project.reload())

  if (project.error) return <ErrorBox error={project.error} />
  const p = project.data
  if (!p) {
    return (
      <EmptyState title="No project open" testId="view-dashboard">
        <p>Open a Unity project folder with File → Open Project (Ctrl+O), or start `slate serve &lt;project&gt;`.</p>
        <ProjectPicker />
      </EmptyState>
    )
  }
  const s = summary.data
  const types = s ? Object.entries(s.assets.byType).slice(0, 10) : []
  const maxType = types[0]?.[1] ?? 1
  // The one definition of a problem (the core's problem set): the headline is what is:problem lists.
  const problemKinds = Object.entries(s?.problems.byKind ?? {}).sort((a, b) => b[1] - a[1])
  const settingsProblems = (s?.diagnostics ?? []).filter((d) => d.path.startsWith('ProjectSettings/') || d.path.startsWith('Packages/manifest') || d.path.startsWith('Packages/packages-lock'))
  const direct = s?.packages.filter((x) => x.direct !== false) ?? []
  const jobs: BuildJobSummary[] = builds.data?.jobs ?? []
  const finished = jobs.filter((j) => j.status === 'succeeded' || j.status === 'failed')
  const rate = finished.length ? Math.round((finished.filter((j) => j.status === 'succeeded').length / finished.length) * 100) : null
  const h = health.data
  return (
    <div className="view dashboard" data-testid="view-dashboard">
      <header className="view-header">
        <h1 data-testid="dashboard-product">{p.productName ?? p.folderName}</h1>
        <span className="muted">{p.companyName}</span>
        <ProjectSwitcher current={p.root} />
        <span className="spacer" />
        <div className="actions quick-actions">
          <button className="secondary" onClick={() => openQuickOpen('')} title={shortcutText('quickOpen')}>
            Open file…
          </button>
          <button className="secondary" onClick={() => navigate({ view: 'builds' })}>
            Build…
          </button>
          <button className="secondary" onClick={() => navigate({ view: 'console', source: 'editor-log' })} data-testid="dash-editor-log">
            Open Editor.log
          </button>
          <button className="secondary" onClick={() => navigate({ view: 'assets', query: 'is:problem' })}>
            Show problems
          </button>
        </div>
      </header>
      {summary.error && <ErrorBox error={summary.error} />}
      <div className="dash-grid">
        <div className="card">
          <div className="card-label">Unity</div>
          <div className="card-value" data-testid="dashboard-unity">
            {p.unityVersion ?? 'unknown'}
          </div>
          {p.unityRevision && <div className="muted small">revision {p.unityRevision}</div>}
          <div className="muted small mono dash-root" title={p.root}>
            {p.root}
          </div>
        </div>
        <div className="card">
          <div className="card-label">Assets</div>
          <div className="card-value" data-testid="dash-assets-total">
            {s ? s.assets.total.toLocaleString() : '…'}
          </div>
          <div className="muted small">{s ? `${s.guids.declared.toLocaleString()} GUIDs · ${s.references.occurrences.toLocaleString()} references · indexed in ${s.timings.totalMs} ms${s.cache.used ? ' (from cache)' : ''}` : 'Indexing…'}</div>
        </div>
        <div className="card">
          <div className="card-label">Problems</div>
          <button className={`card-value link-button${s && s.problems.assets ? ' warn-text' : ''}`} data-testid="dash-problems" onClick={() => navigate({ view: 'assets', query: 'is:problem' })} title="Assets with a problem: what is:problem lists">
            {s ? s.problems.assets.toLocaleString() : '…'}
          </button>
          <div className="small" data-testid="dash-problem-chips">
            {problemKinds.map(([k, n]) => (
              <span key={k} className="chip" title={PROBLEM_TEXT[k] ?? k}>
                {k} {n}
              </span>
            ))}
            {s && s.problems.assets === 0 && <span className="muted">none</span>}
          </div>
          {s && s.unresolved.unverifiable > 0 && (
            <div className="muted small" data-testid="dash-unverifiable">
              {s.unresolved.unverifiable} references cannot be checked: {s.packageFiles.notOnDisk.length} package{s.packageFiles.notOnDisk.length === 1 ? ' is' : 's are'} not on this machine
            </div>
          )}
          {settingsProblems.map((d) => (
            <div key={`${d.kind}${d.path}`} className="small warn-text" data-testid="dash-settings-problem" title={d.path}>
              {d.message}
            </div>
          ))}
        </div>
        <div className="card">
          <div className="card-label">Builds</div>
          <div className="card-value" data-testid="dash-success-rate">
            {builds.error ? '—' : rate === null ? 'none yet' : `${rate}% success`}
          </div>
          <div className="muted small">{builds.error ? `History unavailable: ${builds.error.message}` : `${finished.length} finished of the last ${jobs.length}${builds.data?.source ? ` · ${builds.data.source}` : ''}`}</div>
        </div>
        <div className="card span-2">
          <div className="card-label">Assets by type</div>
          <div className="type-bars" data-testid="dash-types">
            {types.map(([t, n]) => {
              const icon = assetIcon(t)
              return (
                <button key={t} className="type-bar" onClick={() => navigate({ view: 'assets', query: `t:${t}` })} title={`Show t:${t}`}>
                  <span className="type-name">{t}</span>
                  <span className="bar">
                    <span style={{ width: `${(n / maxType) * 100}%`, background: icon.color }} />
                  </span>
                  <span className="type-n">{n.toLocaleString()}</span>
                </button>
              )
            })}
          </div>
        </div>
        <div className="card span-2">
          <div className="card-label">
            Packages ({direct.length} direct, {s?.packages.length ?? 0} in all{s ? `, ${s.packageFiles.read} read` : ''})
          </div>
          <PackagesNotice summary={s} onFetched={() => summary.reload()} />
          <ul className="pkg-list" data-testid="dash-packages">
            {direct.slice(0, 14).map((x) => (
              <li key={x.name}>
                <span className="mono">{x.name}</span> <span className="muted">{x.version}</span> {x.source !== 'registry' && <span className="chip">{x.source}</span>}
                {x.location === null && !x.engineModule && <span className="chip warn-text">not on this machine</span>}
              </li>
            ))}
            {direct.length > 14 && <li className="muted">and {direct.length - 14} more</li>}
          </ul>
          {s && (
            <div className="muted small">
              Scenes in build: {s.scenesInBuild.filter((x) => x.enabled).length} enabled of {s.scenesInBuild.length}
            </div>
          )}
        </div>
        <div className="span-2 dash-builds">
          <BuildsSummaryCard />
        </div>
        <div className="card span-2">
          <div className="card-label">Recent activity</div>
          {activity.length === 0 && <div className="muted small">Nothing yet this session: index updates, builds and health changes appear here as they happen.</div>}
          <ul className="activity" data-testid="dash-activity">
            {activity.slice(0, 8).map((a, i) => (
              <li key={i}>
                <span className="muted small">{new Date(a.at).toLocaleTimeString()}</span> {a.text}
              </li>
            ))}
          </ul>
        </div>
        <div className="card span-2">
          <div className="card-label">Health</div>
          {h ? (
            <>
              <HealthRow name="database" h={h.database} />
              <HealthRow name="cache" h={h.cache} />
              <HealthRow name="bus" h={h.bus} />
              <HealthRow name="docker" h={h.docker} />
              <div className="muted small">
                {h.mode === 'team' ? 'Team servers' : 'Embedded defaults'}
                {h.pendingSync ? ` · ${h.pendingSync} changes waiting to sync` : ''}
              </div>
            </>
          ) : (
            <div className="muted small">Checking…</div>
          )}
        </div>
        <ServicesCard />
      </div>
    </div>
  )
}
