import { useEffect, useState } from 'react'
import type { LinkAllowList, LinkCommandResult, LinkSessionInfo } from '../../src-shared/types-link'
import { useClient } from '../state/client'

type Name = 'time.scale' | 'frameRate' | 'assets.refresh' | 'scripts.compile' | 'method.run' | 'menu.run' | 'package.import' | 'package.export'

/**
 * Editor commands over the live link for one process: time scale, target frame rate, refresh,
 * compile, the allow-listed methods and menu items (the list is edited here and saved to
 * ProjectSettings/SlateLinkAllowList.json), .unitypackage import/export. Each shows Unity's reply.
 */
export function UnityCommands({ session, allowList: initial }: { session: LinkSessionInfo; allowList: LinkAllowList | null }) {
  const client = useClient()
  const [scale, setScale] = useState(String(session.state.timeScale))
  const [rate, setRate] = useState(String(session.state.targetFrameRate))
  const [list, setList] = useState<LinkAllowList>(initial ?? { methods: [], menus: [] })
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  const [pkg, setPkg] = useState('')
  const [last, setLast] = useState<string | null>(null)
  useEffect(() => {
    if (initial) setList(initial)
  }, [initial])

  const send = (name: Name, args: Record<string, unknown> = {}) =>
    client.call('link.command', { sessionId: session.sessionId, name, args }).then(
      (r: LinkCommandResult) => setLast(r.ok ? `${name}: ${JSON.stringify(r.result)} (${r.ms} ms)` : `${name} failed: ${r.error}`),
      (err: unknown) => setLast(`${name}: ${err instanceof Error ? err.message : String(err)}`),
    )
  const save = () => {
    const lines = draft.split('\n').map((l) => l.trim()).filter(Boolean)
    const next = { methods: lines.filter((l) => !l.includes('/')), menus: lines.filter((l) => l.includes('/')) }
    client.call('link.allowList.set', next).then(
      (saved) => {
        setList(saved)
        setEditing(false)
      },
      (err: unknown) => setLast(err instanceof Error ? err.message : String(err)),
    )
  }
  const disabled = !session.connected
  return (
    <section className="analysis small" data-testid="unity-commands">
      <div className="panel-title">Unity · {session.label}</div>
      <div className="actions">
        <label>
          time scale <input value={scale} onChange={(e) => setScale(e.target.value)} size={4} aria-label="Time scale" />
        </label>
        <button className="toggle" disabled={disabled} onClick={() => void send('time.scale', { value: Number(scale) })}>
          Set
        </button>
        <label>
          target fps <input value={rate} onChange={(e) => setRate(e.target.value)} size={4} aria-label="Target frame rate" />
        </label>
        <button className="toggle" disabled={disabled} onClick={() => void send('frameRate', { value: Number(rate) })}>
          Set
        </button>
      </div>
      <div className="actions" style={{ marginTop: 6 }}>
        <button className="toggle" disabled={disabled} onClick={() => void send('assets.refresh')} data-testid="cmd-refresh">
          Refresh assets
        </button>
        <button className="toggle" disabled={disabled} onClick={() => void send('scripts.compile')} data-testid="cmd-compile" title="Compiler messages stream into this process's console as Unity reports them">
          Compile scripts
        </button>
      </div>
      <div style={{ marginTop: 6 }}>
        Allowed to run by name ({list.methods.length + list.menus.length}){' '}
        <button
          className="link-button"
          onClick={() => {
            setDraft([...list.methods, ...list.menus].join('\n'))
            setEditing(!editing)
          }}
        >
          {editing ? 'cancel' : 'edit'}
        </button>
      </div>
      {editing ? (
        <div>
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} style={{ width: '100%' }} placeholder={'Ns.Type.Method\nTools/Menu Item'} aria-label="Allow-list" />
          <div className="muted">One a line: a static method (Namespace.Type.Method) or a menu path (with a /). Saved to ProjectSettings/SlateLinkAllowList.json; the bridge checks its own copy too.</div>
          <button className="toggle" onClick={save}>
            Save allow-list
          </button>
        </div>
      ) : (
        <div className="actions" style={{ flexWrap: 'wrap' }}>
          {list.methods.map((m) => (
            <button key={m} className="toggle mono" disabled={disabled} onClick={() => void send('method.run', { name: m })} title="Run this static Editor method">
              {m}()
            </button>
          ))}
          {list.menus.map((m) => (
            <button key={m} className="toggle" disabled={disabled} onClick={() => void send('menu.run', { path: m })} title="Run this menu item">
              {m}
            </button>
          ))}
        </div>
      )}
      <div className="actions" style={{ marginTop: 6 }}>
        <input value={pkg} onChange={(e) => setPkg(e.target.value)} placeholder="path/to/file.unitypackage" aria-label="Package path" style={{ flex: 1 }} />
        <button className="toggle" disabled={disabled || !pkg} onClick={() => void send('package.import', { path: pkg })}>
          Import
        </button>
        <button className="toggle" disabled={disabled || !pkg} onClick={() => void send('package.export', { paths: ['Assets'], out: pkg })}>
          Export Assets
        </button>
      </div>
      {last && (
        <div className="mono muted" style={{ marginTop: 6, wordBreak: 'break-word' }} data-testid="cmd-result">
          {last}
        </div>
      )}
    </section>
  )
}
