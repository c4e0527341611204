import { useEffect, useState } from 'react'
import type { RuntimeSession } from '../../src-shared/types-data'
import { ApiError } from '../../src-shared/api-error'
import { EmptyState, ErrorBox } from '../components/EmptyState'
import { shortcutText, useKeybinding } from '../keys/keybindings'
import { ExecBox } from '../runtime/ExecBox'
import { SessionLog } from '../runtime/SessionLog'
import { StartDialog } from '../runtime/StartDialog'
import { StatsCharts } from '../runtime/StatsCharts'
import { ACTIVE_STATUSES, imageOf, shortId, useRuntimeSessions } from '../runtime/use-sessions'
import { useCall, useClient } from '../state/client'
import { useNavigation } from '../state/navigation'
import '../runtime/runtime.css'

export default function RuntimeView() {
  const project = useCall('project.current', {})
  if (project.error) return <ErrorBox error={project.error} />
  if (project.loading && !project.data) return <div className="loading" data-testid="view-runtime">Loading the project…</div>
  if (!project.data) {
    return (
      <EmptyState title="No project open" testId="view-runtime">
        <p>Open a Unity project to run its server builds in containers.</p>
      </EmptyState>
    )
  }
  return <RuntimeWorkspace key={project.data.root} root={project.data.root} />
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '–')

function RuntimeWorkspace({ root }: { root: string }) {
  const client = useClient()
  const { current, navigate } = useNavigation()
  const { sessions, error, loading, upsert, reload } = useRuntimeSessions(root)
  const [dialog, setDialog] = useState(false)
  const selectedId = current.session ?? sessions[0]?.id ?? null
  const selected = sessions.find((s) => s.id === selectedId) ?? null
  const [actionError, setActionError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  useKeybinding('runtime.start', () => setDialog(true))
  useEffect(() => setActionError(null), [selectedId])

  const select = (id: string) => navigate({ view: 'runtime', session: id })
  const act = async (verb: 'stop' | 'restart', s: RuntimeSession) => {
    setActionError(null)
    setBusy(verb === 'stop' ? 'Stopping…' : 'Restarting…')
    try {
      upsert(await client.call(verb === 'stop' ? 'runtime.sessions.stop' : 'runtime.sessions.restart', { sessionId: s.id }))
    } catch (err) {
      setActionError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    } finally {
      setBusy(null)
    }
  }

  const running = selected?.status === 'running'
  return (
    <div className="view runtime-view" data-testid="view-runtime">
      <div className="view-header">
        <h1>Runtime</h1>
        <span className="muted small">Game servers and headless players in containers, with their logs and resource use.</span>
        <span className="spacer" />
        <button className="primary" onClick={() => setDialog(true)} title={`Start a session (${shortcutText('runtime.start')})`} data-testid="runtime-start">
          Start session…
        </button>
      </div>
      {error && <ErrorBox error={error} action={<button className="secondary" onClick={reload}>Try again</button>} />}
      <div className="runtime-layout">
        <div className="runtime-sessions" role="listbox" aria-label="Runtime sessions" data-testid="runtime-sessions">
          {loading && !sessions.length && <div className="muted small">Loading sessions…</div>}
          {!loading && !sessions.length && !error && <div className="muted small">No sessions yet. Start one to run a server build of this project in a container.</div>}
          {sessions.map((s) => (
            <button key={s.id} role="option" aria-selected={s.id === selectedId} className={`runtime-session ${s.id === selectedId ? 'selected' : ''}`} onClick={() => select(s.id)} data-testid={`runtime-session-${s.id}`}>
              <span className={`status-dot status-${s.status}`} />
              <span className="runtime-session-main">
                <strong>{imageOf(s)}</strong>
                <span className="muted small">
                  {s.runtimeType} · {shortId(s.id)} · <span data-testid="runtime-session-status">{s.status}</span>
                </span>
              </span>
            </button>
          ))}
        </div>
        <div className="runtime-detail">
          {!selected && <p className="muted">Select a session to see its log, resource use and a shell.</p>}
          {selected && (
            <>
              <div className="runtime-detail-head">
                <h2 className="mono">{imageOf(selected)}</h2>
                <span className={`status-pill status-${selected.status}`} data-testid="runtime-detail-status">
                  {selected.status}
                </span>
                <span className="spacer" />
                <button className="secondary" onClick={() => navigate({ view: 'console', session: selected.id })} title="The log in the Console view: levels, search, export" data-testid="runtime-open-console">
                  Open in Console
                </button>
                <button className="secondary" onClick={() => void act('restart', selected)} disabled={!!busy || selected.status === 'starting' || selected.status === 'stopping'} data-testid="runtime-restart">
                  Restart
                </button>
                <button className="secondary danger" onClick={() => void act('stop', selected)} disabled={!!busy || !ACTIVE_STATUSES.includes(selected.status)} data-testid="runtime-stop">
                  Stop
                </button>
              </div>
              <div className="small muted">
                session {selected.id} · started {when(selected.startedAt)}
                {selected.stoppedAt && <> · stopped {when(selected.stoppedAt)}</>}
                {Array.isArray(selected.containerConfig.command) && selected.containerConfig.command.length > 0 && <> · <span className="mono">{(selected.containerConfig.command as string[]).join(' ')}</span></>}
              </div>
              {selected.errorMessage && <ErrorBox error={{ message: selected.errorMessage }} />}
              {busy && <p className="muted">{busy}</p>}
              {actionError && <ErrorBox error={actionError} />}
              <StatsCharts key={`stats-${selected.id}`} sessionId={selected.id} running={running} />
              <ExecBox key={`exec-${selected.id}`} sessionId={selected.id} running={running} />
              <SessionLog key={`log-${selected.id}`} sessionId={selected.id} />
            </>
          )}
        </div>
      </div>
      {dialog && (
        <StartDialog
          onClose={() => setDialog(false)}
          onStarted={(s) => {
            upsert(s)
            setDialog(false)
            select(s.id)
          }}
        />
      )}
    </div>
  )
}
