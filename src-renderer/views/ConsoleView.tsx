import { useEffect, useRef, useState } from 'react'
import type { BuildJobSummary } from '../../src-shared/types-builds'
import type { ConsoleFilter, ConsoleLevel, ConsoleSourceInfo } from '../../src-shared/types-ui'
import { EmptyState, ErrorBox } from '../components/EmptyState'
import { BuildLogVerdictBar } from '../console/BuildLogVerdictBar'
import { ConsoleDetail } from '../console/ConsoleDetail'
import { ConsoleList } from '../console/ConsoleList'
import { SearchPacer } from '../console/search-pacer'
import { uploadLog } from '../console/upload'
import { useConsoleRows } from '../console/useConsoleRows'
import { projectRelative } from '../lib/paths'
import { useClient, useEvent } from '../state/client'
import { useNavigation } from '../state/navigation'

const LEVELS: { id: ConsoleLevel; label: string }[] = [
  { id: 'info', label: 'Log' },
  { id: 'warning', label: 'Warning' },
  { id: 'error', label: 'Error' },
  { id: 'exception', label: 'Exception' },
]

/**
 * Keystrokes closer together than this are one burst of fast typing, searched at its end (see
 * SearchPacer). Short, because a search of a million entries takes 20–40 ms in the core: a longer
 * wait would be most of what the user waits for after the last key.
 */
const SEARCH_PAUSE_MS = 80

// The console's choices survive switching views (the sources themselves live in the core).
const remembered: { sourceId: string | null; filter: ConsoleFilter } = { sourceId: null, filter: { levels: ['info', 'warning', 'error', 'exception'], search: '', collapse: false } }


/** Recent builds of the project, to open one's log (fetched when the menu is first used). */
function BuildLogPicker({ onPick }: { onPick(jobId: string, label: string): void }) {
  const client = useClient()
  const [jobs, setJobs] = useState<BuildJobSummary[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const load = () => {
    if (jobs) return
    client.call('builds.history.list', { limit: 20 }).then(
      (h) => setJobs(h.jobs),
      (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
    )
  }
  const label = (j: BuildJobSummary) => `Build ${j.target} ${j.type} · ${j.status} · ${new Date(j.createdAt).toLocaleString()}`
  return (
    <select
      value=""
      onFocus={load}
      onMouseDown={load}
      onChange={(e) => {
        const j = jobs?.find((x) => x.id === e.target.value)
        if (j) onPick(j.id, label(j))
      }}
      aria-label="Open a build log"
      title={problem ?? 'Open the log of a recent build'}
      data-testid="console-build-logs"
    >
      <option value="">Build logs…</option>
      {jobs?.length === 0 && <option disabled>No builds yet</option>}
      {problem && <option disabled>Build history unavailable</option>}
      {jobs?.map((j) => (
        <option key={j.id} value={j.id}>
          {label(j)}
        </option>
      ))}
    </select>
  )
}

export default function ConsoleView() {
  const client = useClient()
  const { current, navigate } = useNavigation()
  const [sources, setSources] = useState<ConsoleSourceInfo[]>([])
  const [sourceId, setSourceId] = useState<string | null>(remembered.sourceId)
  const [filter, setFilter] = useState<ConsoleFilter>(remembered.filter)
  const [searchText, setSearchText] = useState(filter.search)
  const [tick, setTick] = useState(0)
  const [selected, setSelected] = useState<number | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)
  remembered.sourceId = sourceId
  remembered.filter = filter

  const refreshSources = () => client.call('console.sources', {}).then(setSources, () => undefined)
  useEffect(() => {
    void refreshSources()
  }, [client])
  useEvent('console.appended', (e) => {
    // a source the core opened by itself (a Unity process on the live link): fetch the list again
    if (!sources.some((s) => s.id === e.sourceId)) void refreshSources()
    setSources((list) => list.map((s) => (s.id === e.sourceId ? { ...s, entries: e.entries, lines: e.lines, live: e.live, problem: e.problem, summary: e.summary ?? s.summary, dropped: e.dropped ?? s.dropped } : s)))
    if (e.sourceId === sourceId) setTick((t) => t + 1)
  })

  const adopt = (info: ConsoleSourceInfo) => {
    setSources((list) => [...list.filter((s) => s.id !== info.id), info])
    setSourceId(info.id)
    setSelected(null)
  }
  const run = async (label: string, job: () => Promise<ConsoleSourceInfo>) => {
    setBusy(label)
    setError(null)
    try {
      adopt(await job())
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(null)
    }
  }

  // `#/console?path=Logs/x.log` opens a log file of the project.
  useEffect(() => {
    if (current.view === 'console' && current.path) void run(`Opening ${current.path}…`, () => client.call('console.openFile', { path: current.path! }))
    if (current.view === 'console' && current.source === 'editor-log') void run('Opening Editor.log…', () => client.call('console.openEditorLog', {}))
    if (current.view === 'console' && current.build) void run('Opening the build log…', () => client.call('console.openBuildLog', { jobId: current.build!, label: `Build ${current.build!.slice(0, 8)}` }))
    if (current.view === 'console' && current.session) void run('Opening the session log…', () => client.call('runtime.sessions.openInConsole', { sessionId: current.session! }))
  }, [current])

  const pacer = useRef<SearchPacer | null>(null)
  useEffect(() => {
    const p = new SearchPacer(SEARCH_PAUSE_MS, (search) => setFilter((f) => (f.search === search ? f : { ...f, search })))
    pacer.current = p
    return () => p.dispose()
  }, [])
  const typeSearch = (text: string) => {
    setSearchText(text)
    pacer.current?.key(text)
  }

  const rows = useConsoleRows(sourceId, filter, tick)
  const source = sources.find((s) => s.id === sourceId)
  const toggleLevel = (l: ConsoleLevel) => {
    setSelected(null)
    setFilter((f) => ({ ...f, levels: f.levels.includes(l) ? f.levels.filter((x) => x !== l) : [...f.levels, l] }))
  }
  const openLocation = (file: string, line?: number, column?: number) => navigate({ view: 'code', path: projectRelative(file), line: line ?? 1, column })
  const exportLog = async () => {
    if (!sourceId) return
    const res = await client.call('console.export', { sourceId, filter })
    const url = URL.createObjectURL(new Blob([res.text], { type: 'text/plain' }))
    const a = document.createElement('a')
    a.href = url
    a.download = res.name
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    if (res.truncated) setError('The export was cut at 64 MB: narrow the filter to export the rest.')
  }

  return (
    <div className="console-view" data-testid="view-console">
      <div className="console-toolbar">
        <select value={sourceId ?? ''} onChange={(e) => (setSourceId(e.target.value || null), setSelected(null))} aria-label="Log source" data-testid="console-source">
          {!sourceId && <option value="">No log open</option>}
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label} {s.live ? '(live)' : ''}
            </option>
          ))}
        </select>
        <button className="secondary" onClick={() => fileInput.current?.click()} title="Open a Unity log file from disk">
          Open log…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".log,.txt,text/plain"
          hidden
          data-testid="console-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = ''
            if (file) void run(`Reading ${file.name}…`, () => uploadLog(client, file, (f) => setBusy(`Reading ${file.name}… ${Math.round(f * 100)}%`)))
          }}
        />
        <button className="secondary" onClick={() => void run('Opening Editor.log…', () => client.call('console.openEditorLog', {}))} title="Follow the running Unity Editor's Editor.log">
          Editor.log
        </button>
        <BuildLogPicker onPick={(jobId, label) => void run(`Opening ${label}…`, () => client.call('console.openBuildLog', { jobId, label }))} />
        <span className="toolbar-sep" />
        {LEVELS.map((l) => (
          <button key={l.id} className={`toggle level-${l.id}${filter.levels.includes(l.id) ? ' on' : ''}`} aria-pressed={filter.levels.includes(l.id)} onClick={() => toggleLevel(l.id)} data-testid={`console-level-${l.id}`}>
            {l.label}
            <span className="count" data-testid={`console-count-${l.id}`}>
              {rows.counts[l.id].toLocaleString()}
            </span>
          </button>
        ))}
        <button className={`toggle${filter.collapse ? ' on' : ''}`} aria-pressed={filter.collapse} onClick={() => setFilter((f) => ({ ...f, collapse: !f.collapse }))} data-testid="console-collapse" title="Show identical entries once, with a count">
          Collapse
        </button>
        <input className="console-search" value={searchText} onChange={(e) => typeSearch(e.target.value)} placeholder="Search messages" aria-label="Search messages" data-testid="console-search" />
        <button className="secondary" disabled={!sourceId} onClick={() => sourceId && void client.call('console.clear', { sourceId }).then(() => setTick((t) => t + 1))}>
          Clear
        </button>
        <button className="secondary" disabled={!sourceId} onClick={() => void exportLog()}>
          Export
        </button>
      </div>
      <div className="console-status small muted" data-testid="console-status" data-applied={rows.appliedKey}>
        {busy ?? (source ? `${source.label}: ${source.lines.toLocaleString()} lines, ${source.entries.toLocaleString()} entries${source.live ? ' · following' : ''}${source.dropped ? ` · ${source.dropped.toLocaleString()} lines dropped by Unity` : ''} · ${rows.total.toLocaleString()} shown${rows.filterMs !== null ? ` · filtered in ${rows.filterMs} ms` : ''}` : '')}
      </div>
      {source?.summary && (source.kind === 'build' || source.summary.verdict !== 'unknown') && <BuildLogVerdictBar summary={source.summary} onOpen={openLocation} />}
      {error && <ErrorBox error={{ message: error }} />}
      {source?.problem && <ErrorBox error={{ message: source.problem }} />}
      {rows.error && <ErrorBox error={{ message: rows.error }} />}
      {!sourceId ? (
        <EmptyState title="No log open" testId="console-empty">
          <p>Open a Unity log (a build log, a player log, a colleague's Editor.log), or follow the running Editor's own Editor.log.</p>
          <div className="actions">
            <button className="primary" onClick={() => fileInput.current?.click()}>
              Open log…
            </button>
            <button className="secondary" onClick={() => void run('Opening Editor.log…', () => client.call('console.openEditorLog', {}))}>
              Follow Editor.log
            </button>
          </div>
        </EmptyState>
      ) : (
        <>
          {rows.total === 0 && !busy && !source?.live && <div className="muted console-none">No entries match: turn a level back on or change the search.</div>}
          <ConsoleList rows={rows} selected={selected} onSelect={setSelected} onOpen={(r) => r.file && openLocation(r.file, r.line, r.column)} />
          <ConsoleDetail row={selected !== null ? rows.row(selected) : undefined} onOpen={openLocation} />
        </>
      )}
    </div>
  )
}
