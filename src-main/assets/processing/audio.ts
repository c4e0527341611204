import { execFile } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { extOf } from './detect'
import { AssetInputError, type AssetFigures, type AudioFormat, type AudioOptions, type ProcessedAsset } from './types'

/**
 * Audio through ffmpeg: Debian's /usr/bin/ffmpeg when present (current, with libvorbis, libopus and
 * LAME), else the static build that ships in @ffmpeg-installer/ffmpeg. Loudness is EBU R128 with
 * the two-pass `loudnorm`: pass one measures, pass two applies the measured values linearly.
 */
export function ffmpegPath(): string {
  if (process.env.SLATE_FFMPEG) return process.env.SLATE_FFMPEG
  if (fs.existsSync('/usr/bin/ffmpeg')) return '/usr/bin/ffmpeg'
  // Under tsx's CommonJS hook (worker threads) import.meta.url is empty; __filename exists there.
  const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url)
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path
}

function ffmpeg(args: string[]): Promise<{ stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), ['-hide_banner', '-nostdin', ...args], { maxBuffer: 32 << 20, timeout: 10 * 60_000 }, (err, _stdout, stderr) => {
      if (err) {
        const lines = String(stderr).trim().split('\n')
        const why = lines.filter((l) => /invalid|error|could not|failed|no such/i.test(l)).pop() ?? lines.pop() ?? err.message
        reject(new AssetInputError(`ffmpeg cannot process it: ${why.replace(/^\[[^\]]+\]\s*/, '').trim()}`))
      } else resolve({ stderr: String(stderr) })
    })
  })
}

interface Measured {
  input_i: string
  input_tp: string
  input_lra: string
  input_thresh: string
  target_offset: string
}

/** What ffmpeg says about the input stream, and its R128 loudness (one decoding pass). */
export async function measureAudio(file: string, target = -16): Promise<{ figures: AssetFigures; measured: Measured }> {
  const { stderr } = await ffmpeg(['-i', file, '-map', '0:a:0', '-af', `loudnorm=I=${target}:TP=-1.5:LRA=11:print_format=json`, '-f', 'null', '-'])
  const json = stderr.slice(stderr.lastIndexOf('{'), stderr.lastIndexOf('}') + 1)
  let measured: Measured
  try {
    measured = JSON.parse(json) as Measured
  } catch {
    throw new AssetInputError('ffmpeg did not report the loudness (no audio stream?)')
  }
  const dur = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr)
  const stream = /Stream #0:\d+(?:\[[^\]]*\])?(?:\([^)]*\))?: Audio: [^,]+, (\d+) Hz, ([^,]+)/.exec(stderr)
  const layout = stream?.[2] ?? ''
  const channels = layout === 'mono' ? 1 : layout === 'stereo' ? 2 : Number(/(\d+) channels/.exec(layout)?.[1]) || undefined
  const loud = Number(measured.input_i)
  return {
    measured,
    figures: {
      bytes: (await fsp.stat(file)).size,
      durationSeconds: dur ? Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]) : undefined,
      sampleRate: stream ? Number(stream[1]) : undefined,
      channels,
      loudness: Number.isFinite(loud) ? loud : undefined,
    },
  }
}

const CODEC: Record<AudioFormat, string[]> = {
  wav: ['-c:a', 'pcm_s16le'],
  mp3: ['-c:a', 'libmp3lame'],
  ogg: ['-c:a', 'libvorbis'],
  opus: ['-c:a', 'libopus'],
}

function defaultFormat(file: string): AudioFormat {
  const ext = extOf(file).slice(1)
  return ext === 'mp3' || ext === 'ogg' || ext === 'opus' ? ext : 'wav'
}

export async function processAudio(file: string, o: AudioOptions, format?: AudioFormat): Promise<ProcessedAsset> {
  const fmt = format ?? defaultFormat(file)
  const target = o.targetLufs ?? -16
  const before = await measureAudio(file, target)
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'slate-audio-'))
  try {
    const out = path.join(tmp, `out.${fmt}`)
    const filters: string[] = []
    if (o.normalize) {
      const m = before.measured
      filters.push(`loudnorm=I=${target}:TP=-1.5:LRA=11:measured_I=${m.input_i}:measured_TP=${m.input_tp}:measured_LRA=${m.input_lra}:measured_thresh=${m.input_thresh}:offset=${m.target_offset}:linear=true`)
    }
    // loudnorm works at 192 kHz internally: always say the output rate.
    let rate = o.sampleRate ?? before.figures.sampleRate ?? 48000
    if (fmt === 'opus' && ![8000, 12000, 16000, 24000, 48000].includes(rate)) rate = 48000
    const args = ['-y', '-i', file, '-map', '0:a:0', '-map_metadata', '-1']
    if (filters.length) args.push('-af', filters.join(','))
    args.push('-ar', String(rate))
    if (o.channels) args.push('-ac', String(o.channels))
    args.push(...CODEC[fmt])
    // Vorbis by quality unless a bitrate is asked for: libvorbis refuses bitrates its modes lack
    // for a rate and channel count (160 kbit/s at 22.05 kHz mono), quality 5 (≈160 kbit/s stereo) fits all.
    if (fmt === 'ogg' && !o.bitrate) args.push('-q:a', '5')
    else if (fmt !== 'wav') args.push('-b:a', `${o.bitrate ?? (fmt === 'opus' ? 96 : 160)}k`)
    args.push(out)
    await ffmpeg(args)
    const after = await measureAudio(out, target)
    const data = await fsp.readFile(out)
    return {
      kind: 'audio',
      before: before.figures,
      outputs: [{ name: fmt, data, figures: { ...after.figures, bytes: data.length } }],
      notes: [`ffmpeg ${ffmpegPath()}${o.normalize ? `, EBU R128 two-pass loudnorm to ${target} LUFS` : ''}`],
    }
  } finally {
    await fsp.rm(tmp, { recursive: true, force: true })
  }
}
