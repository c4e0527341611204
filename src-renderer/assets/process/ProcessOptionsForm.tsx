import { useState } from 'react'
import type { AssetKind, AudioOptions, ModelOptions, ProcessOptions, TextureOptions } from '../../../src-shared/types-assetproc'
import { useCall, useClient } from '../../state/client'
import { Choice } from './Choice'

/**
 * The operations of a batch, per kind (only the kinds the selection holds are shown), and the
 * presets: built-in ones and the project's (ProjectSettings/SlateAssetPresets.json, shared through
 * version control). Picking a preset fills the form; "Save as preset" writes the form there.
 */
type Preset = ProcessOptions & { description?: string }

const num = (v: string): number | undefined => (v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v))

export function ProcessOptionsForm({ kinds, options, onChange }: { kinds: Set<AssetKind>; options: ProcessOptions; onChange(o: ProcessOptions): void }) {
  const client = useClient()
  const presets = useCall('assets.presets.get', {})
  const [presetName, setPresetName] = useState('')
  const [saveName, setSaveName] = useState('')
  const [saveMsg, setSaveMsg] = useState<string | null>(null)
  const t = options.texture ?? {}
  const m = options.model ?? {}
  const a = options.audio ?? {}
  const setT = (p: Partial<TextureOptions>) => onChange({ ...options, texture: { ...t, ...p } })
  const setM = (p: Partial<ModelOptions>) => onChange({ ...options, model: { ...m, ...p } })
  const setA = (p: Partial<AudioOptions>) => onChange({ ...options, audio: { ...a, ...p } })
  const all: Array<[string, Preset, 'project' | 'built-in']> = [
    ...Object.entries(presets.data?.project ?? {}).map(([k, v]): [string, Preset, 'project'] => [k, v, 'project']),
    ...Object.entries(presets.data?.builtIn ?? {})
      .filter(([k]) => !presets.data?.project[k])
      .map(([k, v]): [string, Preset, 'built-in'] => [k, v, 'built-in']),
  ]
  const pick = (name: string) => {
    setPresetName(name)
    const p = all.find(([k]) => k === name)?.[1]
    if (!p) return
    const { description: _d, ...o } = p
    // A preset's single `format` becomes the format of the kind it belongs to.
    const f = o.format
    const next: ProcessOptions = { texture: { ...o.texture }, model: { ...o.model }, audio: { ...o.audio } }
    if (f === 'png' || f === 'jpg' || f === 'webp' || f === 'ktx2') next.texture!.format = f
    else if (f === 'glb' || f === 'gltf') next.model!.format = f
    else if (f) next.audio!.format = f
    onChange(next)
  }
  const save = async () => {
    setSaveMsg(null)
    try {
      await client.call('assets.presets.save', { name: saveName.trim(), preset: options })
      setSaveMsg(`Saved “${saveName.trim()}” in ProjectSettings/SlateAssetPresets.json`)
      presets.reload()
    } catch (e) {
      setSaveMsg(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <div className="proc-form">
      <div className="proc-row">
        <label className="proc-label" htmlFor="proc-preset">Preset</label>
        <select id="proc-preset" value={presetName} onChange={(e) => pick(e.target.value)} data-testid="proc-preset">
          <option value="">— none —</option>
          {all.map(([k, p, where]) => (
            <option key={k} value={k} title={p.description}>
              {k} ({where}){p.description ? ` — ${p.description}` : ''}
            </option>
          ))}
        </select>
        {presets.error && <span className="small proc-error">{presets.error.message}</span>}
      </div>
      {kinds.has('texture') && (
        <fieldset className="proc-kind" data-testid="proc-texture">
          <legend>Textures</legend>
          <Choice label="Format" value={t.format} options={[['', 'keep'], ['png', 'PNG'], ['jpg', 'JPEG'], ['webp', 'WebP'], ['ktx2', 'KTX2 (Basis Universal)']]} onChange={(v) => setT({ format: (v || undefined) as TextureOptions['format'] })} testId="proc-texture-format" />
          <label>
            Resize to{' '}
            <input type="number" min={1} max={16384} placeholder="keep" value={t.resize ?? ''} onChange={(e) => setT({ resize: num(e.target.value) })} data-testid="proc-resize" /> px
          </label>
          <Choice value={t.fit ?? 'fit'} options={[['fit', 'fit (longest side)'], ['cover', 'cover (square crop)']]} onChange={(v) => setT({ fit: v as 'fit' | 'cover' })} />
          <label>
            <input type="checkbox" checked={t.powerOfTwo ?? false} onChange={(e) => setT({ powerOfTwo: e.target.checked || undefined })} /> power of two
          </label>
          <label>
            Quality <input type="number" min={1} max={100} placeholder="auto" value={t.quality ?? ''} onChange={(e) => setT({ quality: num(e.target.value) })} />
          </label>
          {t.format === 'ktx2' && (
            <>
              <Choice label="KTX2 mode" value={t.basis ?? 'etc1s'} options={[['etc1s', 'ETC1S (small; → ETC2/ASTC)'], ['uastc', 'UASTC (high quality; → BC7/ASTC)']]} onChange={(v) => setT({ basis: v as 'etc1s' | 'uastc' })} testId="proc-basis" />
              <label>
                <input type="checkbox" checked={t.mipmaps !== false} onChange={(e) => setT({ mipmaps: e.target.checked })} /> mipmaps
              </label>
              <label>
                <input type="checkbox" checked={t.normalMap ?? false} onChange={(e) => setT({ normalMap: e.target.checked || undefined })} /> normal map (linear)
              </label>
            </>
          )}
        </fieldset>
      )}
      {kinds.has('model') && (
        <fieldset className="proc-kind" data-testid="proc-model">
          <legend>Models</legend>
          <Choice label="Format" value={m.format ?? 'glb'} options={[['glb', 'GLB'], ['gltf', 'glTF (one file)']]} onChange={(v) => setM({ format: v as 'glb' | 'gltf' })} />
          <label>
            LOD ratios{' '}
            <input key={(m.lods ?? []).join(',')} placeholder="e.g. 0.5, 0.25" defaultValue={(m.lods ?? []).join(', ')} onBlur={(e) => setM({ lods: e.target.value.split(/[\s,]+/).map(Number).filter((r) => r > 0 && r < 1).slice(0, 8) })} aria-label="LOD ratios" />
          </label>
          <label>
            Max error <input type="number" step={0.001} min={0} max={1} placeholder="0.01" value={m.lodError ?? ''} onChange={(e) => setM({ lodError: num(e.target.value) })} />
          </label>
          <label>
            Scale <input type="number" step={0.01} min={0} placeholder="1" value={m.scale ?? ''} onChange={(e) => setM({ scale: num(e.target.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={m.quantize ?? false} onChange={(e) => setM({ quantize: e.target.checked || undefined })} /> quantize
          </label>
        </fieldset>
      )}
      {kinds.has('audio') && (
        <fieldset className="proc-kind" data-testid="proc-audio">
          <legend>Audio</legend>
          <Choice label="Format" value={a.format} options={[['', 'keep'], ['wav', 'WAV'], ['ogg', 'Ogg Vorbis'], ['opus', 'Opus'], ['mp3', 'MP3']]} onChange={(v) => setA({ format: (v || undefined) as AudioOptions['format'] })} />
          <Choice label="Sample rate" value={a.sampleRate} options={[['', 'keep'], ...[22050, 32000, 44100, 48000].map((r) => [String(r), `${r} Hz`] as const)]} onChange={(v) => setA({ sampleRate: num(v) })} />
          <Choice label="Channels" value={a.channels} options={[['', 'keep'], ['1', 'mono'], ['2', 'stereo']]} onChange={(v) => setA({ channels: v ? (Number(v) as 1 | 2) : undefined })} />
          <label>
            <input type="checkbox" checked={a.normalize ?? false} onChange={(e) => setA({ normalize: e.target.checked || undefined })} /> normalize loudness to
          </label>
          <label>
            <input type="number" min={-70} max={0} step={0.5} value={a.targetLufs ?? -16} onChange={(e) => setA({ targetLufs: num(e.target.value) })} aria-label="Target loudness (LUFS)" /> LUFS (EBU R128)
          </label>
        </fieldset>
      )}
      <div className="proc-row">
        <input placeholder="preset name" value={saveName} onChange={(e) => setSaveName(e.target.value)} aria-label="Preset name" data-testid="proc-preset-name" />
        <button className="secondary" disabled={!saveName.trim()} onClick={() => void save()} data-testid="proc-preset-save">
          Save as preset
        </button>
        {saveMsg && <span className="small muted">{saveMsg}</span>}
      </div>
    </div>
  )
}
