import { useState } from 'react'
import type { ProfileIssue } from '../../../src-shared/types-builds'
import { FieldIssues, issuesUnder } from './FieldIssues'

export interface BuildSettingsScene {
  path: string
  enabled: boolean
}

interface Props {
  /** The profile's scenes; null = whatever EditorBuildSettings enables at build time. */
  scenes: string[] | null
  buildSettings: BuildSettingsScene[]
  issues: ProfileIssue[]
  onChange(scenes: string[] | null): void
}

/**
 * Scenes of a profile. By default the profile follows EditorBuildSettings (so a scene enabled in
 * Unity's Build Settings window is built without touching the profile); "Customize" copies that
 * list into the profile, where scenes can be toggled and reordered.
 */
export function SceneList({ scenes, buildSettings, issues, onChange }: Props) {
  // The rows shown while customizing: the profile's scenes (on, in order), then the other known
  // scenes (off). Kept in state so a scene toggled off keeps its place until the view changes.
  const [extra, setExtra] = useState('')
  const rows =
    scenes === null
      ? buildSettings
      : [...scenes.map((path) => ({ path, enabled: true })), ...buildSettings.filter((s) => !scenes.includes(s.path)).map((s) => ({ path: s.path, enabled: false }))]
  const emit = (next: BuildSettingsScene[]) => onChange(next.filter((r) => r.enabled).map((r) => r.path))
  const move = (i: number, d: -1 | 1) => {
    const next = rows.slice()
    const j = i + d
    if (j < 0 || j >= next.length) return
    ;[next[i], next[j]] = [next[j], next[i]]
    emit(next)
  }
  const custom = scenes !== null
  return (
    <div className="bld-field" data-testid="field-scenes">
      <div className="bld-label-row">
        <span className="field-label">Scenes</span>
        <label className="bld-check small">
          <input type="checkbox" checked={!custom} onChange={(e) => onChange(e.target.checked ? null : buildSettings.filter((s) => s.enabled).map((s) => s.path))} data-testid="scenes-follow" />
          Use EditorBuildSettings
        </label>
      </div>
      <ol className={`bld-scenes${custom ? '' : ' readonly'}`}>
        {rows.length === 0 && <li className="muted small">EditorBuildSettings lists no scenes.</li>}
        {rows.map((r, i) => (
          <li key={r.path} className={r.enabled ? '' : 'off'}>
            <input
              type="checkbox"
              checked={r.enabled}
              disabled={!custom}
              aria-label={`Include ${r.path}`}
              onChange={() => emit(rows.map((x, k) => (k === i ? { ...x, enabled: !x.enabled } : x)))}
            />
            <span className="mono bld-scene-path" title={r.path}>
              {r.path}
            </span>
            {custom && r.enabled && (
              <span className="bld-scene-move">
                <button className="link-button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`Move ${r.path} up`}>
                  ↑
                </button>
                <button className="link-button" onClick={() => move(i, 1)} disabled={i === rows.length - 1 || !rows[i + 1].enabled} aria-label={`Move ${r.path} down`}>
                  ↓
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      {custom && (
        <form
          className="bld-inline-add"
          onSubmit={(e) => {
            e.preventDefault()
            const p = extra.trim()
            if (p && !scenes.includes(p)) onChange([...scenes, p])
            setExtra('')
          }}
        >
          <input value={extra} onChange={(e) => setExtra(e.target.value)} placeholder="Assets/Scenes/Other.unity" aria-label="Add a scene path" />
          <button className="secondary" type="submit">
            Add scene
          </button>
        </form>
      )}
      <div className="field-help">{custom ? 'Only checked scenes are built, in this order (the first one loads first).' : 'The enabled scenes of File → Build Settings, in their order, read when the build starts.'}</div>
      <FieldIssues issues={[...issuesUnder(issues, 'scenes'), ...issues.filter((i) => i.field.startsWith('EditorBuildSettings scene'))]} field="scenes" />
    </div>
  )
}
