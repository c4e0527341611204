import { useCallback, useEffect, useMemo, useState } from 'react'
import type { LinkFramesEvent, LinkSessionInfo } from '../../src-shared/types-link'
import type { ProfilerAnalysis } from '../../src-shared/types-profiler'
import { EmptyState } from '../components/EmptyState'
import { AnalysisPanel } from '../profiler/AnalysisPanel'
import { CapturesPanel } from '../profiler/CapturesPanel'
import { UnityCommands } from '../profiler/UnityCommands'
import { CHART_GROUPS, SERIES_COLORS, SessionFrames, decimate } from '../profiler/frame-buffer'
import { ProfilerChart, type ChartSeries } from '../profiler/ProfilerChart'
import { useClient } from '../state/client'
import { useLinkSessions } from '../state/link'
import { onProjectSwitch } from '../state/project-scope'

const RANGES = [
  { s: 60, label: '1m' },
  { s: 300, label: '5m' },
  { s: 900, label: '15m' },
  { s: 3600, label: '1h' },
]
const MAX_POINTS = 1200

interface Probe {
  draws: { at: number; last: Record<string, number> }[]
}
declare global {
  interface Window {
    /** what the Profiler drew and when (the profiler bench reads it) */
    __slateProfiler?: Probe
  }
}

// Frames stay in memory while the user is in another view (the core keeps them too).
const buffers = new Map<string, SessionFrames>()
onProjectSwitch(() => buffers.clear())

export default function ProfilerView() {
  const client = useClient()
  const { sessions, error, status } = useLinkSessions()
  const [hidden, setHidden] = useState<Set<string>>(new Set())
  const [range, setRange] = useState(60)
  const [fps, setFps] = useState(60)
  const [paused, setPaused] = useState(false)
  const [pausedAt, setPausedAt] = useState(0)
  const [scrubBack, setScrubBack] = useState(0)
  const [, setTick] = useState(0)
  const [analysis, setAnalysis] = useState<{ a: ProfilerAnalysis; label: string; sessionId: string } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const shown = sessions.filter((s) => !hidden.has(s.sessionId) && (s.connected || buffers.has(s.sessionId)))
  const shownKey = shown.map((s) => s.sessionId).join(',')

  // history first (what the core holds), then the live stream for each shown process
  useEffect(() => {
    const offs: (() => void)[] = []
    for (const id of shownKey ? shownKey.split(',') : []) {
      let buf = buffers.get(id)
      const fresh = !buf
      if (!buf) buffers.set(id, (buf = new SessionFrames()))
      const b = buf
      const pendingLive: LinkFramesEvent[] = []
      let loaded = !fresh
      offs.push(
        client.on(
          'link.frames',
          (e) => {
            if (loaded) b.push(e)
            else pendingLive.push(e)
          },
          id,
        ),
      )
      if (fresh) {
        client.call('link.frames', { sessionId: id, seconds: 3600 }).then(
          (h) => {
            b.push(h)
            const last = h.index[h.index.length - 1] ?? -Infinity
            for (const e of pendingLive) if ((e.index[0] ?? 0) > last) b.push(e)
            loaded = true
          },
          () => (loaded = true),
        )
      }
    }
    return () => offs.forEach((off) => off())
  }, [client, shownKey])

  // redraw at most once per display frame, only when frames arrived
  useEffect(() => {
    let raf = 0
    let seen = -1
    const loop = () => {
      let v = 0
      for (const b of buffers.values()) v += b.version
      if (v !== seen && !paused) {
        seen = v
        setTick((t) => t + 1)
      }
      raf = requestAnimationFrame(loop)
    }
    raf = requestAnimationFrame(loop)
    return () => cancelAnimationFrame(raf)
  }, [paused])

  const probe = (window.__slateProfiler ??= { draws: [] })
  useEffect(() => {
    const last: Record<string, number> = {}
    for (const [id, b] of buffers) if (b.length) last[id] = b.index[b.length - 1]
    probe.draws.push({ at: performance.timeOrigin + performance.now(), last })
    if (probe.draws.length > 20_000) probe.draws.splice(0, 10_000)
  })

  const analyze = useCallback(
    (s: LinkSessionInfo, from: number | null, to: number | null) => {
      const args = from === null ? { sessionId: s.sessionId, seconds: range, targetFps: fps } : { sessionId: s.sessionId, fromFrame: from, toFrame: to ?? from, targetFps: fps }
      client.call('profiler.analyze', args).then(
        (a) => {
          setAnalysis({ a, label: s.label, sessionId: s.sessionId })
          setProblem(null)
        },
        (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
      )
    },
    [client, range, fps],
  )

  if (error && sessions.length === 0) {
    return (
      <EmptyState title="Profiler" testId="view-profiler">
        <p>{error}</p>
      </EmptyState>
    )
  }
  // live: each process's window ends at its newest frame, so a process whose frames did not change
  // keeps its chart data (no recompute, no redraw); paused: the moment of the pause, minus the scrub
  const end = paused ? pausedAt - scrubBack * 1000 : null
  return (
    <div className="profiler-view" data-testid="view-profiler">
      <div className="profiler-toolbar">
        <b>Profiler</b>
        <span className="toolbar-sep" />
        {RANGES.map((r) => (
          <button key={r.s} className={`toggle ${range === r.s ? 'on' : ''}`} aria-pressed={range === r.s} onClick={() => setRange(r.s)} data-testid={`range-${r.label}`}>
            {r.label}
          </button>
        ))}
        <span className="toolbar-sep" />
        <label className="small">
          target{' '}
          <select value={fps} onChange={(e) => setFps(Number(e.target.value))} aria-label="Target frame rate" data-testid="target-fps">
            <option value={60}>60 fps (16.67 ms)</option>
            <option value={30}>30 fps (33.33 ms)</option>
            <option value={120}>120 fps (8.33 ms)</option>
            <option value={90}>90 fps (11.11 ms)</option>
          </select>
        </label>
        <button
          className={`toggle ${paused ? 'on' : ''}`}
          onClick={() => {
            if (!paused) setPausedAt(Date.now())
            setScrubBack(0)
            setPaused(!paused)
          }}
          data-testid="profiler-pause"
          title="Freeze the charts (frames keep arriving); then scrub back through the last hour"
        >
          {paused ? 'Resume charts' : 'Pause charts'}
        </button>
        {paused && (
          <label className="small" style={{ display: 'flex', gap: 6, alignItems: 'center', minWidth: 240 }}>
            scrub
            <input className="scrub" type="range" min={0} max={3600 - range} value={scrubBack} onChange={(e) => setScrubBack(Number(e.target.value))} aria-label="Scrub back (seconds)" data-testid="profiler-scrub" />
            <span className="mono">−{scrubBack}s</span>
          </label>
        )}
        <span className="toolbar-sep" />
        {sessions.map((s) => (
          <label key={s.sessionId} className="small" title={s.sessionId}>
            <input
              type="checkbox"
              checked={!hidden.has(s.sessionId)}
              onChange={(e) => {
                const next = new Set(hidden)
                if (e.target.checked) next.delete(s.sessionId)
                else next.add(s.sessionId)
                setHidden(next)
              }}
            />{' '}
            {s.label}
            {s.connected ? '' : ' (gone)'}
          </label>
        ))}
      </div>
      {sessions.length === 0 ? (
        <EmptyState title="No Unity process is connected" testId="profiler-empty">
          <p>Open the project in Unity with the SLATE bridge package (it finds SLATE through Library/SlateLink.json), or start a development player with -slateLink and -slateToken.</p>
        </EmptyState>
      ) : (
        <div className="profiler-body">
          <div className="profiler-columns">
            {shown.map((s) => (
              <SessionCharts key={s.sessionId} session={s} buffer={buffers.get(s.sessionId)} end={end} span={range * 1000} fps={fps} onSelect={(from, to) => analyze(s, from, to)} onAnalyzeRange={() => analyze(s, null, null)} />
            ))}
          </div>
          <div className="profiler-side">
            {problem && <div className="error-box small">{problem}</div>}
            {analysis ? <AnalysisPanel analysis={analysis.a} label={analysis.label} /> : <p className="small muted">Drag over a chart to analyse a range, click to read one frame, or press “Analyse range”.</p>}
            {shown.filter((s) => s.connected).slice(-1).map((s) => (
              <UnityCommands key={s.sessionId} session={s} allowList={status?.allowList ?? null} />
            ))}
            <CapturesPanel
              onRecord={
                analysis && analysis.a.frames > 0
                  ? () => client.call('profiler.captures.save', { sessionId: analysis.sessionId, fromFrame: analysis.a.fromFrame ?? undefined, toFrame: analysis.a.toFrame ?? undefined, targetFps: fps, name: `${analysis.label} ${new Date().toLocaleTimeString()}` })
                  : null
              }
            />
          </div>
        </div>
      )}
    </div>
  )
}

function SessionCharts({ session, buffer, end: endAt, span, fps, onSelect, onAnalyzeRange }: { session: LinkSessionInfo; buffer: SessionFrames | undefined; end: number | null; span: number; fps: number; onSelect: (from: number, to: number) => void; onAnalyzeRange: () => void }) {
  const version = buffer?.version ?? 0
  const end = endAt ?? (buffer && buffer.length ? buffer.received[buffer.length - 1] : 0)
  const charts = useMemo(() => {
    if (!buffer) return []
    const [lo, hi] = buffer.window(end, span)
    return CHART_GROUPS.map((g) => {
      const counters = session.counters.filter(g.match)
      const cols = counters.map((c) => buffer.column(String(c.id)) ?? [])
      const d = decimate(buffer.index, cols, lo, hi, MAX_POINTS, counters.map(() => g.scale))
      const series: ChartSeries[] = counters.map((c, k) => ({ label: c.name.replace(/ (Count|Frame Time|Memory)$/, ''), values: d.ys[k], color: SERIES_COLORS[k % SERIES_COLORS.length] }))
      return { g, x: d.x, series }
    }).filter((c) => c.series.length > 0)
    // version: new frames arrived
  }, [buffer, version, end, span, session.counters])
  return (
    <section className="profiler-session" data-testid="profiler-session" data-session={session.sessionId}>
      <h2>
        {session.label}
        <span className="muted small">
          {session.unityVersion ?? ''} · {session.state.playMode} · {(buffer?.length ?? 0).toLocaleString('en-US')} frames
          {session.droppedLogs ? ` · ${session.droppedLogs} log lines dropped` : ''}
        </span>
        <button className="toggle" onClick={onAnalyzeRange} data-testid="analyze-range" style={{ marginLeft: 'auto' }}>
          Analyse range
        </button>
      </h2>
      {charts.length === 0 && <p className="small muted">No frames yet{session.state.playMode === 'edit' ? ': enter play mode' : ''}.</p>}
      {charts.map(({ g, x, series }) => (
        <ProfilerChart key={g.id} title={g.title} unit={g.unit} x={x} series={series} budget={g.budget ? 1000 / fps : null} onSelect={onSelect} testId={`chart-${g.id}`} />
      ))}
    </section>
  )
}
