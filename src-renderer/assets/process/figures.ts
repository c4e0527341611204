import { PROCESSABLE_EXTENSIONS, type AssetFigures, type AssetKind, type ProcessOptions } from '../../../src-shared/types-assetproc'

/** Helpers of the Process… dialog: what a selection holds, and figures in words. */
export function extOf(p: string): string {
  const base = p.slice(p.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  return dot <= 0 ? '' : base.slice(dot).toLowerCase()
}

export function kindOfPath(p: string): AssetKind | null {
  return PROCESSABLE_EXTENSIONS[extOf(p)] ?? null
}

export function kindsOf(paths: readonly string[]): Set<AssetKind> {
  const kinds = new Set<AssetKind>()
  for (const p of paths) {
    const k = kindOfPath(p)
    if (k) kinds.add(k)
  }
  return kinds
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(2)} MiB`
}

/** "12.3 KiB · 512×512" / "· 1,204 tris" / "· 2.4 s 48 kHz 2 ch −16.1 LUFS" */
export function figureText(f: AssetFigures | undefined): string {
  if (!f) return '—'
  const parts = [bytes(f.bytes)]
  if (f.width) parts.push(`${f.width}×${f.height}`)
  if (f.triangles !== undefined) parts.push(`${f.triangles.toLocaleString()} tris`)
  if (f.durationSeconds !== undefined) parts.push(`${f.durationSeconds.toFixed(2)} s`)
  if (f.sampleRate) parts.push(`${(f.sampleRate / 1000).toFixed(f.sampleRate % 1000 ? 1 : 0)} kHz`)
  if (f.channels) parts.push(f.channels === 1 ? 'mono' : f.channels === 2 ? 'stereo' : `${f.channels} ch`)
  if (f.loudness !== undefined) parts.push(`${f.loudness.toFixed(1)} LUFS`)
  return parts.join(' · ')
}

/** The change in size, signed: "−63 %". */
export function sizeChange(before: number, after: number): string {
  if (!before) return ''
  const pct = Math.round(((after - before) / before) * 100)
  return `${pct > 0 ? '+' : pct < 0 ? '−' : '±'}${Math.abs(pct)} %`
}

/** One line for the history: what a batch did. */
export function optionsText(o: ProcessOptions): string {
  const t = o.texture ?? {}
  const m = o.model ?? {}
  const a = o.audio ?? {}
  const parts: string[] = []
  if (o.format) parts.push(o.format.toUpperCase())
  if (t.format) parts.push(`textures → ${t.format.toUpperCase()}${t.format === 'ktx2' ? ` ${(t.basis ?? 'etc1s').toUpperCase()}` : ''}`)
  if (t.resize) parts.push(`≤${t.resize}px${t.fit === 'cover' ? ' cover' : ''}`)
  if (t.powerOfTwo) parts.push('power of two')
  if (m.format) parts.push(`models → ${m.format.toUpperCase()}`)
  if (m.lods?.length) parts.push(`LODs ${m.lods.join(', ')}`)
  if (a.format) parts.push(`audio → ${a.format.toUpperCase()}`)
  if (a.sampleRate) parts.push(`${a.sampleRate} Hz`)
  if (a.channels) parts.push(a.channels === 1 ? 'mono' : 'stereo')
  if (a.normalize) parts.push(`${a.targetLufs ?? -16} LUFS`)
  return parts.join(', ') || 'keep formats'
}

/** Project-relative form of an absolute path under the project root (for replace and display). */
export function relToProject(root: string, abs: string): string {
  const r = root.replace(/[\\/]+$/, '')
  const a = abs.replace(/\\/g, '/')
  const rr = r.replace(/\\/g, '/')
  return a.startsWith(`${rr}/`) ? a.slice(rr.length + 1) : abs
}
