import { useRef, useState } from 'react'
import type { LinkCommandResult, LinkSessionInfo } from '../../src-shared/types-link'
import { useClient } from '../state/client'
import { useKeybinding } from '../keys/keybindings'
import { pickTarget, useLinkSessions } from '../state/link'
import { onProjectSwitch } from '../state/project-scope'

let chosenSession: string | null = null
onProjectSwitch(() => (chosenSession = null))

/**
 * Play / pause / step for the connected Unity process, in the status bar of every view.
 * Shortcuts (as Unity's own, moved off Ctrl+P which is quick open here): F5 play/stop,
 * F6 pause/resume, F7 step one frame. The state shown is what Unity reports (link.state), so
 * pressing Play in the Editor shows here at once.
 */
export function PlayControls() {
  const client = useClient()
  const { sessions } = useLinkSessions()
  const [chosen, setChosen] = useState<string | null>(chosenSession)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const target = pickTarget(sessions, chosen)
  const targetRef = useRef<LinkSessionInfo | null>(target)
  targetRef.current = target

  const send = (name: 'play.enter' | 'play.exit' | 'play.pause' | 'play.resume' | 'play.step') => {
    const t = targetRef.current
    if (!t) return
    setBusy(true)
    client
      .call('link.command', { sessionId: t.sessionId, name, args: {} })
      .then(
        (r: LinkCommandResult) => setProblem(r.ok ? null : `${name}: ${r.error}`),
        (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
      )
      .finally(() => setBusy(false))
  }
  const sendRef = useRef(send)
  sendRef.current = send

  // F5 / F6 / F7 (keys/keybindings.ts); a key that does not apply now is left to the browser.
  useKeybinding('play.toggle', () => {
    const t = targetRef.current
    if (!t) return false
    sendRef.current(t.state.playMode === 'edit' ? 'play.enter' : 'play.exit')
  })
  useKeybinding('play.pause', () => {
    const t = targetRef.current
    if (!t || t.state.playMode === 'edit') return false
    sendRef.current(t.state.playMode === 'paused' ? 'play.resume' : 'play.pause')
  })
  useKeybinding('play.step', () => {
    const t = targetRef.current
    if (!t || t.state.playMode === 'edit') return false
    sendRef.current('play.step')
  })

  const live = sessions.filter((s) => s.connected)
  if (live.length === 0) {
    return (
      <span className="play-controls muted" data-testid="play-controls" title="Start Unity with the SLATE bridge, or a player with -slateLink">
        Unity: not connected
      </span>
    )
  }
  const mode = target?.state.playMode ?? 'edit'
  return (
    <span className="play-controls" data-testid="play-controls" data-play-mode={mode}>
      {live.length > 1 && (
        <select
          aria-label="Unity process"
          value={target?.sessionId ?? ''}
          onChange={(e) => {
            chosenSession = e.target.value
            setChosen(e.target.value)
          }}
        >
          {live.map((s) => (
            <option key={s.sessionId} value={s.sessionId}>
              {s.label}
            </option>
          ))}
        </select>
      )}
      <button className={`play-btn ${mode !== 'edit' ? 'on' : ''}`} disabled={busy} onClick={() => send(mode === 'edit' ? 'play.enter' : 'play.exit')} title={mode === 'edit' ? 'Play (F5)' : 'Stop (F5)'} data-testid="play-toggle">
        {mode === 'edit' ? '▶' : '■'}
      </button>
      <button className={`play-btn ${mode === 'paused' ? 'on' : ''}`} disabled={busy || mode === 'edit'} onClick={() => send(mode === 'paused' ? 'play.resume' : 'play.pause')} title="Pause / resume (F6)" data-testid="play-pause">
        ❚❚
      </button>
      <button className="play-btn" disabled={busy || mode === 'edit'} onClick={() => send('play.step')} title="Step one frame (F7)" data-testid="play-step">
        ▶❚
      </button>
      <span className="play-state" data-testid="play-state">
        {live.length === 1 ? `${target?.label}: ` : ''}
        {mode}
        {target?.state.compiling ? ' · compiling' : ''} · frame {target?.state.frame ?? 0}
      </span>
      {problem && (
        <span className="play-problem" title={problem} data-testid="play-problem">
          ⚠ {problem.slice(0, 80)}
        </span>
      )}
    </span>
  )
}
