import { useCallback, useEffect, useState } from 'react'
import type { BuildTarget, BuildType } from '../../src-shared/types-builds'
import { ApiError } from '../../src-shared/api-error'
import { EmptyState, ErrorBox } from '../components/EmptyState'
import { BridgePanel } from '../components/builds/BridgePanel'
import { CompareTab, SizeTab } from '../components/builds/size/BuildSizeTabs'
import { BUILD_TYPES, TARGETS, TARGET_LABELS, fieldLabel } from '../components/builds/build-meta'
import { CommandLine } from '../components/builds/CommandLine'
import { HistoryPanel } from '../components/builds/HistoryPanel'
import { LiveBuildPanel } from '../components/builds/LiveBuildPanel'
import { liveBuildsOf, useLiveBuilds } from '../components/builds/live-builds'
import { ProfileEditor } from '../components/builds/ProfileEditor'
import { UnityNote } from '../components/builds/UnityNote'
import { useProfileDraft } from '../components/builds/use-profile-draft'
import { useCall, useClient } from '../state/client'
import { shortcutText, useKeybinding } from '../keys/keybindings'
import '../components/builds/builds.css'

type Tab = 'profile' | 'build' | 'history' | 'size' | 'compare' | 'bridge'

/** Issues of the machine rather than of the profile (src-main/builds/readiness.ts). */
const MACHINE_FIELDS = ['editor', 'bridge', 'runner']

export default function BuildsView() {
  const project = useCall('project.current', {})
  if (project.error) return <ErrorBox error={project.error} action={<button className="secondary" onClick={project.reload}>Try again</button>} />
  if (project.loading && !project.data) return <div className="loading" data-testid="view-builds">Loading the project…</div>
  if (!project.data) {
    return (
      <EmptyState title="No project open" testId="view-builds">
        <p>Open a Unity project to configure and run its builds.</p>
      </EmptyState>
    )
  }
  return <BuildsWorkspace key={project.data.root} root={project.data.root} />
}

function BuildsWorkspace({ root }: { root: string }) {
  const client = useClient()
  const p = useProfileDraft(root)
  const scenes = useCall('builds.scenes', {}, root)
  const unity = useCall('builds.unity', {}, root)
  const buildTypes = useCall('builds-ui.buildTypes', {})
  const live = useLiveBuilds(client)
  const [tab, setTab] = useState<Tab>('profile')
  const [selectedJob, setSelectedJob] = useState<string | null>(null)
  const [startError, setStartError] = useState<ApiError | null>(null)
  const [starting, setStarting] = useState(false)
  const [creating, setCreating] = useState<{ target: BuildTarget; type: BuildType } | null>(null)
  const running = live.find((b) => !b.finished)

  // A build started before this view was opened (or by another window) is still followed here.
  useEffect(() => {
    const store = liveBuildsOf(client)
    void client.call('builds.running', {}).then(
      async (jobs) => {
        for (const j of jobs) {
          store.track(j.id, { target: j.target, type: j.type })
          // The running summary carries the latest progress (hence the stage) and the start time.
          if (j.progress > 0) store.seedProgress(j.id, j.progress, j.startedAt)
          const page = await client.call('builds.log', { jobId: j.id, fromLine: 1, limit: 20_000 }).catch(() => null)
          if (page?.available) store.seedTail(j.id, page.lines, page.totalLines)
        }
        if (jobs.length) setTab('build')
      },
      () => undefined,
    )
  }, [client])

  // Back on the profile tab (after installing the bridge, say), what the machine has may have changed.
  const recheck = p.recheck
  useEffect(() => {
    if (tab === 'profile') recheck()
  }, [tab])

  const errors = p.validation?.issues.filter((i) => i.severity === 'error') ?? []
  const invalid = errors.length > 0
  // What depends on this machine (editor, bridge, runner) stops a build, not saving the profile.
  const profileInvalid = errors.some((e) => !MACHINE_FIELDS.includes(e.field))
  // A "fix the profile first" error goes away once the profile is fixed.
  useEffect(() => {
    if (!invalid) setStartError((e) => (e?.code === 'invalid_argument' ? null : e))
  }, [invalid])

  const start = useCallback(async () => {
    if (!p.draft || running || starting) return
    setStartError(null)
    if (invalid) {
      setTab('profile')
      const machine = errors.find((e) => MACHINE_FIELDS.includes(e.field))
      setStartError(
        new ApiError(
          'invalid_argument',
          profileInvalid || !machine
            ? `The profile has ${errors.length} error${errors.length > 1 ? 's' : ''}: fix ${errors.length > 1 ? 'them' : 'it'} (shown next to the fields) and start again.`
            : machine.field === 'editor' && p.runner === 'local'
              ? `The build did not start: no Unity editor matches this project (${machine.message}), or pick the Docker or farm runner.`
              : `The build did not start: ${machine.message}`,
        ),
      )
      return
    }
    setStarting(true)
    try {
      const image = p.runner === 'docker' && p.image.trim() ? p.image.trim() : undefined
      const { jobId } = await client.call('builds.start', { profile: p.draft, runner: p.runner, image })
      liveBuildsOf(client).track(jobId, { target: p.draft.target, type: p.draft.type })
      setTab('build')
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('internal', String(err))
      // The discovery banner already says which version is missing and how to fix it.
      const noEditor = e.code === 'not_found' && p.runner === 'local' && unity.data && !unity.data.match
      setStartError(noEditor ? new ApiError('not_found', 'The build did not start: no Unity editor matches this project (see above for how to fix it), or pick the Docker or farm runner.') : e)
    } finally {
      setStarting(false)
    }
  }, [client, p.draft, p.runner, p.image, running, starting, invalid, profileInvalid, errors, unity.data])

  const cancel = useCallback(
    (jobId: string) => {
      liveBuildsOf(client).setCancelling(jobId)
      client.call('builds.cancel', { jobId }).catch((err: unknown) => setStartError(err instanceof ApiError ? err : new ApiError('internal', String(err))))
    },
    [client],
  )

  // Ctrl/Cmd+B starts a build while this view is open (keys/keybindings.ts).
  useKeybinding('builds.start', () => void start())

  const tabs: { id: Tab; label: string }[] = [
    { id: 'profile', label: 'Profile' },
    { id: 'build', label: running ? 'Build ● running' : 'Build' },
    { id: 'history', label: 'History' },
    { id: 'size', label: 'Size' },
    { id: 'compare', label: 'Compare' },
    { id: 'bridge', label: 'Bridge package' },
  ]

  return (
    <div className="view bld-view" data-testid="view-builds">
      <header className="view-header bld-header">
        <h1>Builds</h1>
        {p.profiles && p.draft && (
          <select
            value={p.profiles.some((x) => x.id === p.draft!.id) ? p.draft.id : '__new'}
            onChange={(e) => {
              // Switching profiles drops the edits of this one: ask first.
              if (!p.dirty || window.confirm(`Discard the unsaved changes to "${p.draft!.name}"?`)) p.select(e.target.value)
            }}
            aria-label="Build profile"
            data-testid="profile-select"
          >
            {!p.profiles.some((x) => x.id === p.draft!.id) && <option value="__new">{p.draft.name} (not saved)</option>}
            {p.profiles.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        )}
        <button className="link-button" onClick={() => setCreating(creating ? null : { target: 'StandaloneWindows64', type: 'development' })} data-testid="new-profile">
          New profile…
        </button>
        <span className="spacer" />
        {p.dirty && (
          <span className="muted small" data-testid="unsaved-changes">
            unsaved changes
          </span>
        )}
        <button className="secondary" onClick={() => void p.save()} disabled={!p.draft || p.saving || profileInvalid || !p.dirty} title={profileInvalid ? 'Fix the errors first' : undefined} data-testid="save-profile">
          {p.saving ? 'Saving…' : 'Save profile'}
        </button>
        {running ? (
          <button className="secondary danger" onClick={() => cancel(running.jobId)} disabled={running.cancelling} data-testid="header-cancel">
            {running.cancelling ? 'Cancelling…' : 'Cancel build'}
          </button>
        ) : (
          <button className="primary" onClick={() => void start()} disabled={!p.draft || starting} title={`Start a build of this profile (${shortcutText('builds.start')})`} data-testid="start-build">
            {starting ? 'Starting…' : `Start build`} <span className="kbd">{shortcutText('builds.start')}</span>
          </button>
        )}
      </header>

      <UnityNote discovery={unity.data} error={unity.error} />
      {creating && (
        <form
          className="bld-new card"
          data-testid="new-profile-form"
          onSubmit={(e) => {
            e.preventDefault()
            void p.create(creating.target, creating.type).then(() => (setCreating(null), setTab('profile')))
          }}
        >
          <span className="field-label">New profile</span>
          <select value={creating.target} onChange={(e) => setCreating({ ...creating, target: e.target.value as BuildTarget })} aria-label="Target">
            {TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_LABELS[t]}
              </option>
            ))}
          </select>
          <select value={creating.type} onChange={(e) => setCreating({ ...creating, type: e.target.value as BuildType })} aria-label="Type">
            {BUILD_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <button className="primary" type="submit">
            Create with defaults
          </button>
          <button className="link-button" type="button" onClick={() => setCreating(null)}>
            Cancel
          </button>
        </form>
      )}
      {startError && (
        <div data-testid="start-error">
          <ErrorBox error={startError} />
        </div>
      )}
      {p.saveError && <ErrorBox error={p.saveError} />}
      {p.loadError && <ErrorBox error={p.loadError} />}

      <div
        className="bld-tabs"
        role="tablist"
        aria-label="Builds"
        onKeyDown={(e) => {
          // Arrow keys move between tabs, as in a native tab strip.
          if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
          const i = tabs.findIndex((t) => t.id === tab)
          const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
          setTab(next.id)
          e.currentTarget.querySelector<HTMLButtonElement>(`[data-testid="builds-tab-${next.id}"]`)?.focus()
        }}
      >
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} tabIndex={tab === t.id ? 0 : -1} className={`bld-tab${tab === t.id ? ' on' : ''}`} onClick={() => setTab(t.id)} data-testid={`builds-tab-${t.id}`}>
            {t.label}
          </button>
        ))}
      </div>

      {tab === 'profile' &&
        (p.draft ? (
          <div className="bld-profile-tab">
            <ProfileEditor
              profile={p.draft}
              issues={p.validation?.issues ?? []}
              buildTypes={buildTypes.data}
              buildSettingsScenes={scenes.data ?? []}
              runner={p.runner}
              onRunner={p.setRunner}
              image={p.image}
              onImage={p.setImage}
              onChange={p.edit}
              onTypeChange={(t) => void p.changeType(t)}
            />
            <aside className="bld-side">
              <div className="card" data-testid="validation-summary">
                <div className="card-label">Validation</div>
                {!p.validation ? (
                  <div className="muted small">Checking…</div>
                ) : invalid ? (
                  <>
                    <div className="err-text">
                      {errors.length} error{errors.length > 1 ? 's' : ''}: a build cannot start until {errors.length > 1 ? 'they are' : 'it is'} fixed.
                    </div>
                    <ul className="bld-issue-summary small">
                      {errors.map((e, i) => (
                        <li key={i}>
                          <strong>{fieldLabel(e.field)}:</strong> {e.message}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <div className="ok-text">Ready to build{p.validation.issues.length ? ` (${p.validation.issues.length} warning${p.validation.issues.length > 1 ? 's' : ''})` : ''}.</div>
                )}
              </div>
              <CommandLine profile={p.draft} runner={p.runner} image={p.runner === 'docker' ? p.image.trim() || undefined : undefined} disabled={invalid} />
              {p.profiles?.some((x) => x.id === p.draft!.id) && (
                <button className="link-button bld-delete" onClick={() => void p.remove()}>
                  Delete this profile
                </button>
              )}
            </aside>
          </div>
        ) : (
          <div className="loading">Loading build profiles…</div>
        ))}

      {tab === 'build' &&
        (live.length === 0 ? (
          <EmptyState title="No build in this session">
            <p>
              Press <strong>Start build</strong> ({shortcutText('builds.start')}) to build the selected profile. Stages, the log and compiler errors appear here as Unity works. Earlier builds are in History.
            </p>
          </EmptyState>
        ) : (
          live.map((b) => (
            <LiveBuildPanel
              key={b.jobId}
              build={b}
              onCancel={() => cancel(b.jobId)}
              onShowInHistory={(id) => (setSelectedJob(id), setTab('history'))}
              onDismiss={() => liveBuildsOf(client).dismiss(b.jobId)}
            />
          ))
        ))}

      {tab === 'history' && <HistoryPanel selected={selectedJob} onSelect={setSelectedJob} />}
      {tab === 'size' && <SizeTab />}
      {tab === 'compare' && <CompareTab />}
      {tab === 'bridge' && <BridgePanel />}
    </div>
  )
}
