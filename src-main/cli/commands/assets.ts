import path from 'node:path'
import { parseArgs } from 'node:util'
import os from 'node:os'
import { defaultDataDir } from '../../core/data-dir'
import { SlateCore } from '../../host/slate-core'
import { dataConfigFrom, openDataServices, type DataServices } from '../../store/data-services'
import { busProgress } from '../../assets/processing/bus-events'
import { projectIdForFolder } from '../../store/project-id'
import { runBatch } from '../../assets/processing/batch'
import { collectSources } from '../../assets/processing/collect'
import { BUILTIN_PRESETS, readProjectPresets, resolvePreset } from '../../assets/processing/presets'
import { replaceSource, restoreBackup } from '../../assets/processing/replace'
import type { AssetFigures, OutputFormat, ProcessOptions } from '../../assets/processing/types'
import { CliError, type CliCommand } from '../command'

const FORMATS = ['ktx2', 'webp', 'png', 'jpg', 'glb', 'gltf', 'ogg', 'opus', 'mp3', 'wav']

const usage = `Usage: slate assets process <project> <path…> [--resize N] [--fit fit|cover] [--pot]
                     [--format ktx2|webp|png|jpg|glb|gltf|ogg|opus|mp3|wav] [--quality Q]
                     [--basis etc1s|uastc] [--no-mipmaps] [--lod R [R…]] [--lod-error E] [--scale K]
                     [--quantize] [--sample-rate HZ] [--channels 1|2] [--normalize] [--lufs L]
                     [--preset NAME] [--out <dir>] [--jobs N] [--json]
       slate assets replace <project> <source> <processed-file> [--json]
       slate assets restore <backup-dir>
       slate assets presets <project>

process  textures (PNG, JPEG, WebP, TGA, BMP → PNG/JPEG/WebP/KTX2), models (glTF/GLB, binary
         FBX by SLATE's reader, ASCII FBX/OBJ/DAE via assimp → GLB/glTF with LODs) and audio (WAV/MP3/Ogg/Opus, resample, mono/stereo, EBU R128
         loudness) in parallel, one worker per core. <path> is a file or folder, relative to the
         project. Outputs go to --out (keeping the folders below the project) or, without --out,
         beside each source as <name>-processed.<ext>; a source is never overwritten. A file that
         fails is reported and the batch goes on. Exit code 0 all done, 1 some failed, 130 cancelled.
         --json prints one JSON object per line: {"event":"file",…} per file, then {"event":"done",…}.
         --lod takes the ratios (the share of triangles each LOD keeps, 0 < R < 1) that follow it
         up to the first argument that is not one, space- or comma-separated, or repeated:
         --lod 0.5 0.25 = --lod 0.5,0.25 = --lod 0.5 --lod 0.25.
replace  replaces a source with a processed file: the original and its .meta are backed up under
         SLATE's data folder first, the .meta (GUID) is kept.
restore  puts a backed-up original back.`

/** A following argument is one more LOD ratio only when it is a number strictly between 0 and 1. */
function isRatio(arg: string): boolean {
  if (!/^[0-9.eE+-]+$/.test(arg)) return false
  const n = Number(arg)
  return n > 0 && n < 1
}

/**
 * The documented `--lod 0.5 0.25` puts several ratios after one flag, which parseArgs would read as
 * paths; fold them into the comma form (`--lod 0.5,0.25`) first. The list ends at the first
 * argument that is not a ratio, so paths after it stay paths, and nothing after `--` is touched.
 */
export function foldLodRatios(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') return [...out, ...argv.slice(i)]
    const inline = a.startsWith('--lod=')
    if (a !== '--lod' && !inline) {
      out.push(a)
      continue
    }
    // The first value is the flag's own (parseArgs judges a missing or option-like one).
    const first = inline ? a.slice('--lod='.length) : argv[i + 1]
    if (!inline && (first === undefined || (first.startsWith('-') && !isRatio(first)))) {
      out.push(a)
      continue
    }
    if (!inline) i++
    const ratios = [first]
    while (i + 1 < argv.length && isRatio(argv[i + 1])) ratios.push(argv[++i])
    out.push(`--lod=${ratios.join(',')}`)
  }
  return out
}

function num(v: string | undefined, what: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new CliError(`${what} must be a number, not "${v}"`)
  return n
}

function fig(f: AssetFigures | undefined): string {
  if (!f) return ''
  const parts = [`${(f.bytes / 1024).toFixed(1)} KiB`]
  if (f.width) parts.push(`${f.width}×${f.height}`)
  if (f.triangles !== undefined) parts.push(`${f.triangles} tris`)
  if (f.durationSeconds !== undefined) parts.push(`${f.durationSeconds.toFixed(2)} s`)
  if (f.sampleRate) parts.push(`${f.sampleRate} Hz`)
  if (f.channels) parts.push(`${f.channels} ch`)
  if (f.loudness !== undefined) parts.push(`${f.loudness.toFixed(1)} LUFS`)
  return parts.join(', ')
}

/**
 * The data services' bus when the team's NATS is configured (SLATE_NATS_URL or the setting): the
 * batch's progress and log lines go there (slate.asset.batch.<id>.*) for the log aggregator and
 * analytics. Without NATS there is nobody to hear a CLI's in-process bus, so none is opened. A
 * bus that cannot be reached is said on stderr and the batch runs anyway.
 */
async function openEventBus(): Promise<DataServices | null> {
  const core = new SlateCore({ runtime: 'cli' })
  await core.init()
  const cfg = dataConfigFrom(core.dataDir, core.settings.settings)
  if (!cfg.natsUrl) return null
  try {
    return await openDataServices({ ...cfg, migrate: false, subjectRoot: process.env.SLATE_SUBJECT_ROOT || cfg.subjectRoot })
  } catch (e) {
    process.stderr.write(`slate: asset events not published (the data services did not open: ${(e as Error).message})\n`)
    return null
  }
}

async function processCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: foldLodRatios(argv),
    allowPositionals: true,
    options: {
      resize: { type: 'string' }, fit: { type: 'string' }, pot: { type: 'boolean' }, format: { type: 'string' }, quality: { type: 'string' },
      basis: { type: 'string' }, 'no-mipmaps': { type: 'boolean' }, lod: { type: 'string', multiple: true }, 'lod-error': { type: 'string' },
      scale: { type: 'string' }, quantize: { type: 'boolean' }, 'sample-rate': { type: 'string' }, channels: { type: 'string' },
      normalize: { type: 'boolean' }, lufs: { type: 'string' }, preset: { type: 'string' }, out: { type: 'string' }, jobs: { type: 'string' }, json: { type: 'boolean', default: false },
    },
  })
  const [project, ...paths] = positionals
  if (!project || !paths.length) throw new CliError(`expected a project and at least one path\n\n${usage}`)
  if (values.format && !FORMATS.includes(values.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`)
  if (values.fit && values.fit !== 'fit' && values.fit !== 'cover') throw new CliError('--fit must be fit or cover')
  if (values.basis && values.basis !== 'etc1s' && values.basis !== 'uastc') throw new CliError('--basis must be etc1s or uastc')
  if (values.channels && values.channels !== '1' && values.channels !== '2') throw new CliError('--channels must be 1 or 2')
  const lods = (values.lod ?? []).flatMap((s) => s.split(',')).map((s) => num(s, '--lod')!)
  if (lods.some((r) => !(r > 0 && r <= 1))) throw new CliError('--lod ratios must be between 0 and 1 (the share of triangles to keep)')
  let base: ProcessOptions = {}
  if (values.preset) {
    try {
      base = await resolvePreset(project, values.preset)
    } catch (e) {
      throw new CliError((e as Error).message)
    }
  }
  const drop = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
  const options: ProcessOptions = {
    format: (values.format as OutputFormat | undefined) ?? base.format,
    texture: { ...base.texture, ...drop({ resize: num(values.resize, '--resize'), fit: values.fit as 'fit' | 'cover' | undefined, powerOfTwo: values.pot, quality: num(values.quality, '--quality'), basis: values.basis as 'etc1s' | 'uastc' | undefined, mipmaps: values['no-mipmaps'] ? false : undefined }) },
    model: { ...base.model, ...drop({ lods: lods.length ? lods : undefined, lodError: num(values['lod-error'], '--lod-error'), scale: num(values.scale, '--scale'), quantize: values.quantize }) },
    audio: { ...base.audio, ...drop({ sampleRate: num(values['sample-rate'], '--sample-rate'), channels: values.channels ? (Number(values.channels) as 1 | 2) : undefined, normalize: values.normalize, targetLufs: num(values.lufs, '--lufs') }) },
  }
  const sources = collectSources(project, paths)
  if (!sources.length) throw new CliError('no texture, model or audio file in the given paths')
  const ac = new AbortController()
  const stop = () => ac.abort()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const out = values.out ? path.resolve(values.out) : undefined
  const print = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`)
  const services = await openEventBus()
  const onBus = services ? busProgress(services.bus, services.subjects, `cli-${os.hostname()}-${process.pid}`, projectIdForFolder(project)) : null
  const result = await runBatch({
    project: path.resolve(project),
    sources,
    options,
    outDir: out,
    signal: ac.signal,
    concurrency: num(values.jobs, '--jobs'),
    onProgress: (p) => {
      onBus?.(p)
      if (p.phase === 'started') {
        if (values.json) print({ event: 'started', batchId: p.batchId, total: p.total })
        return
      }
      if (p.phase !== 'file' || !p.file) return
      const f = p.file
      if (values.json) return print({ event: 'file', done: p.done, failed: p.failed, total: p.total, ...f })
      const rel = path.relative(path.resolve(project), f.source)
      if (!f.ok) return void process.stdout.write(`[${p.done}/${p.total}] FAILED ${rel}: ${f.error}\n`)
      process.stdout.write(`[${p.done}/${p.total}] ${rel}  (${fig(f.before)})\n`)
      for (const o of f.outputs) process.stdout.write(`    → ${o.path}${o.lod ? ` (LOD${o.lod}, ratio ${o.ratio})` : ''}  (${fig(o.figures)})\n`)
    },
  })
  process.off('SIGINT', stop)
  process.off('SIGTERM', stop)
  if (services) {
    await services.bus.flush().catch(() => undefined)
    await services.close().catch(() => undefined)
  }
  if (values.json) print({ event: 'done', batchId: result.batchId, cancelled: result.cancelled, done: result.done, failed: result.failed, total: result.total, ms: result.ms })
  else process.stdout.write(`${result.cancelled ? 'Cancelled' : 'Done'}: ${result.done - result.failed} processed, ${result.failed} failed of ${result.total} in ${(result.ms / 1000).toFixed(1)} s\n`)
  return result.cancelled ? 130 : result.failed ? 1 : 0
}

export const assetsCommand: CliCommand = {
  name: 'assets',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv
    if (sub === 'process') return processCmd(rest)
    if (sub === 'replace') {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } })
      if (positionals.length !== 3) throw new CliError(`expected <project> <source> <processed-file>\n\n${usage}`)
      const r = await replaceSource(positionals[0], positionals[1], path.resolve(positionals[2]), defaultDataDir())
      process.stdout.write(values.json ? `${JSON.stringify(r)}\n` : `Replaced ${r.source}${r.replacedBy !== r.source ? ` by ${r.replacedBy}` : ''} (${r.bytesBefore} → ${r.bytesAfter} bytes, GUID ${r.guid ?? 'none'} kept); original in ${r.backupDir}\n`)
      return 0
    }
    if (sub === 'restore') {
      if (rest.length !== 1) throw new CliError(`expected <backup-dir>\n\n${usage}`)
      const r = await restoreBackup(path.resolve(rest[0]))
      process.stdout.write(`Restored ${r.restored} in ${r.project}\n`)
      return 0
    }
    if (sub === 'presets') {
      if (rest.length !== 1) throw new CliError(`expected <project>\n\n${usage}`)
      const file = await readProjectPresets(rest[0])
      process.stdout.write(`${JSON.stringify({ project: file.presets, builtIn: BUILTIN_PRESETS }, null, 2)}\n`)
      return 0
    }
    throw new CliError(usage)
  },
}
