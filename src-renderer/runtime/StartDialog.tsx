import { useEffect, useState } from 'react'
import type { RuntimeSession } from '../../src-shared/types-data'
import type { RuntimePreset } from '../../src-shared/types-runtime'
import { ApiError } from '../../src-shared/api-error'
import { ErrorBox } from '../components/EmptyState'
import { useKeybinding } from '../keys/keybindings'
import { useCall, useClient } from '../state/client'

/** The form's text fields; turned into a start request on submit. */
interface Draft {
  runtimeType: 'unity' | 'unreal' | 'godot'
  image: string
  /** one argument per line, or (shell) one line for /bin/sh -c */
  command: string
  shell: boolean
  ports: string
  cpus: string
  memory: string
  network: boolean
  /** one per line: hostPath:containerPath[:rw] */
  mounts: string
}

const EMPTY: Draft = { runtimeType: 'unity', image: '', command: '', shell: true, ports: '', cpus: '', memory: '', network: false, mounts: '' }

function fromPreset(p: RuntimePreset): Draft {
  const shell = p.command.length === 3 && p.command[0] === '/bin/sh' && p.command[1] === '-c'
  return {
    runtimeType: p.runtimeType,
    image: p.image,
    command: shell ? p.command[2] : p.command.join('\n'),
    shell,
    ports: p.ports.join(', '),
    cpus: p.cpus === null ? '' : String(p.cpus),
    memory: p.memory ?? '',
    network: p.network,
    mounts: p.mounts.map((m) => `${m.hostPath}:${m.containerPath}${m.readOnly ? '' : ':rw'}`).join('\n'),
  }
}

/** The request, or a message saying which field is wrong. */
function toRequest(d: Draft) {
  const cpus = d.cpus.trim() === '' ? null : Number(d.cpus)
  if (cpus !== null && !(cpus > 0)) throw new Error('CPUs must be a positive number (0.5, 2), or empty for no limit')
  const mounts = d.mounts
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [hostPath, containerPath, mode] = l.split(':')
      if (!hostPath || !containerPath) throw new Error(`mount "${l}" is not project/folder:/container/path[:rw]`)
      return { hostPath, containerPath, readOnly: mode !== 'rw' }
    })
  const text = d.command.trim()
  const command = text === '' ? [] : d.shell ? ['/bin/sh', '-c', text] : text.split('\n').map((a) => a.trim()).filter(Boolean)
  const ports = d.ports.split(/[\s,]+/).filter(Boolean)
  return { runtimeType: d.runtimeType, image: d.image.trim(), command, ports, cpus, memory: d.memory.trim() || null, network: d.network, mounts }
}

export function StartDialog({ onClose, onStarted }: { onClose(): void; onStarted(s: RuntimeSession): void }) {
  const client = useClient()
  const presets = useCall('runtime.presets.get', {})
  const [presetName, setPresetName] = useState('')
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [error, setError] = useState<{ code?: string; message: string } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [saveName, setSaveName] = useState('')
  useKeybinding('dialog.close', () => {
    if (busy) return false
    onClose()
  })
  const all: [string, RuntimePreset, 'project' | 'built-in'][] = [
    ...Object.entries(presets.data?.project ?? {}).map(([n, p]): [string, RuntimePreset, 'project'] => [n, p, 'project']),
    ...Object.entries(presets.data?.builtIn ?? {})
      .filter(([n]) => !presets.data?.project[n])
      .map(([n, p]): [string, RuntimePreset, 'built-in'] => [n, p, 'built-in']),
  ]
  const chosen = all.find(([n]) => n === presetName)
  useEffect(() => {
    if (chosen) setDraft(fromPreset(chosen[1]))
  }, [presetName])
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))

  const start = async () => {
    setError(null)
    try {
      const req = toRequest(draft)
      if (!req.image) throw new Error('Name the image to run (e.g. ubuntu:22.04, or one built on this Docker engine)')
      setBusy(`Starting ${req.image}… (an image the engine lacks is pulled first)`)
      const s = await client.call('runtime.sessions.start', req)
      onStarted(s)
    } catch (err) {
      setError(err instanceof ApiError ? err : { message: (err as Error).message })
    } finally {
      setBusy(null)
    }
  }
  const save = async () => {
    setError(null)
    try {
      if (!saveName.trim()) throw new Error('Name the preset first')
      await client.call('runtime.presets.save', { name: saveName.trim(), preset: { ...toRequest(draft), description: `saved from the start dialog` } })
      presets.reload()
      setPresetName(saveName.trim())
    } catch (err) {
      setError(err instanceof ApiError ? err : { message: (err as Error).message })
    }
  }

  return (
    <div className="overlay" onMouseDown={() => !busy && onClose()}>
      <div className="runtime-dialog" role="dialog" aria-label="Start a runtime session" onMouseDown={(e) => e.stopPropagation()} data-testid="runtime-start-dialog">
        <h2>Start a runtime session</h2>
        <p className="field-help">
          Runs in a container as uid 1000 with no capabilities and a read-only root (only /tmp is writable). It has no network unless you ask for one or publish ports.
          Mounts are folders of the project.
        </p>
        <label>
          Preset
          <select value={presetName} onChange={(e) => setPresetName(e.target.value)} data-testid="runtime-preset">
            <option value="">— none —</option>
            {all.map(([n, , where]) => (
              <option key={n} value={n}>
                {n} ({where})
              </option>
            ))}
          </select>
        </label>
        {chosen && <p className="field-help">{chosen[1].description}</p>}
        {presets.error && <ErrorBox error={presets.error} />}
        <div className="runtime-form">
          <label>
            Runtime
            <select value={draft.runtimeType} onChange={(e) => set('runtimeType', e.target.value as Draft['runtimeType'])}>
              <option value="unity">Unity</option>
              <option value="unreal">Unreal</option>
              <option value="godot">Godot</option>
            </select>
          </label>
          <label>
            Image
            <input value={draft.image} onChange={(e) => set('image', e.target.value)} placeholder="ubuntu:22.04" data-testid="runtime-image" />
          </label>
          <label className="wide">
            Command
            <textarea rows={3} value={draft.command} onChange={(e) => set('command', e.target.value)} placeholder={draft.shell ? 'a shell line, e.g. ./Game.x86_64 -batchmode -nographics -logFile -' : 'one argument per line'} data-testid="runtime-command" />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.shell} onChange={(e) => set('shell', e.target.checked)} /> run with /bin/sh -c (else one argument per line; empty = the image’s command)
          </label>
          <label>
            Ports
            <input value={draft.ports} onChange={(e) => set('ports', e.target.value)} placeholder="7777/udp, 8080:80" />
          </label>
          <label>
            CPUs
            <input value={draft.cpus} onChange={(e) => set('cpus', e.target.value)} placeholder="no limit" />
          </label>
          <label>
            Memory
            <input value={draft.memory} onChange={(e) => set('memory', e.target.value)} placeholder="512m, 2g" />
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.network} onChange={(e) => set('network', e.target.checked)} /> a network of its own
          </label>
          <label className="wide">
            Mounts
            <textarea rows={2} value={draft.mounts} onChange={(e) => set('mounts', e.target.value)} placeholder="Builds/StandaloneLinux64:/game (add :rw to write)" />
          </label>
        </div>
        {error && <ErrorBox error={error} />}
        {busy && (
          <p className="muted" data-testid="runtime-start-progress">
            {busy}
          </p>
        )}
        <div className="dialog-actions">
          <input value={saveName} onChange={(e) => setSaveName(e.target.value)} placeholder="preset name" aria-label="Preset name" />
          <button className="secondary" onClick={() => void save()} disabled={!!busy}>
            Save as preset
          </button>
          <span className="spacer" />
          <button className="secondary" onClick={onClose} disabled={!!busy}>
            Cancel
          </button>
          <button className="primary" onClick={() => void start()} disabled={!!busy} data-testid="runtime-start-submit">
            Start
          </button>
        </div>
      </div>
    </div>
  )
}
