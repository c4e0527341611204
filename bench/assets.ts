/**
 * `npm run bench -- assets`: asset processing throughput, each against a baseline in the same run.
 *   - textures: the largest real PNGs of ../shared/fixtures/unity/2d-techdemos, resized to ≤512 and
 *     written as WebP and as KTX2 (ETC1S and UASTC) by SLATE's pool (one worker per core), against
 *     ImageMagick's `convert` (Debian's /usr/bin/convert) doing the same resize → WebP, one process
 *     per core. ImageMagick cannot write KTX2/Basis, so KTX2 has no external baseline: its figure is
 *     set beside SLATE's own WebP figure.
 *   - audio: 30 s generated tones, two-pass R128 loudnorm + resample → Ogg Vorbis, seconds of audio
 *     per second, against a single plain ffmpeg transcode of the same file (no loudnorm).
 *   - LODs: a generated 80,000-triangle OBJ → assimp → weld/dedup/prune → LODs at 50 % and 25 %,
 *     triangles in per second.
 * Nothing here is a pass/fail threshold. SLATE_BENCH_ASSET_FILES caps the texture count (default 24).
 */
import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ffmpegPath } from '../src-main/assets/processing/audio'
import { runBatch } from '../src-main/assets/processing/batch'
import { collectSources } from '../src-main/assets/processing/collect'
import type { ProcessOptions } from '../src-main/assets/processing/types'
import { ProcessPool } from '../src-main/assets/processing/worker-pool'
import { unityFixture } from '../src-main/testing/fixtures'

const exec = promisify(execFile)
const FILES = Number(process.env.SLATE_BENCH_ASSET_FILES ?? 24)
const CORES = Math.max(1, os.availableParallelism())
const CONVERT = '/usr/bin/convert'

async function eachParallel<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0
  await Promise.all(Array.from({ length: n }, async () => {
    while (i < items.length) await fn(items[i++])
  }))
}

function fmt(label: string, ms: number, count: number, mb: number): string {
  return `${label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${(count / (ms / 1000)).toFixed(2).padStart(7)} images/s  ${(mb / (ms / 1000)).toFixed(2).padStart(7)} MB/s`
}

export async function run(): Promise<void> {
  const project = unityFixture('2d-techdemos')
  const all = collectSources(project, ['Assets']).filter((f) => f.toLowerCase().endsWith('.png'))
  const files = all.map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size).slice(0, FILES)
  const mb = files.reduce((s, x) => s + x.size, 0) / 1e6
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-assets-'))
  console.log(`${files.length} real PNGs (${mb.toFixed(1)} MB, largest ${(files[0].size / 1e6).toFixed(2)} MB) from 2d-techdemos; ${CORES} cores\n`)
  const pool = new ProcessPool(CORES)
  try {
    // Warm the pool (threads started, WASM compiled) so the figures are per-image work.
    await runBatch({ sources: [files.at(-1)!.f], options: { format: 'ktx2', texture: { resize: 64 } }, outDir: path.join(tmp, 'warm'), pool })
    const batch = async (label: string, options: ProcessOptions) => {
      const t0 = performance.now()
      const r = await runBatch({ sources: files.map((x) => x.f), options, outDir: path.join(tmp, label.replace(/\W+/g, '-')), pool })
      const ms = performance.now() - t0
      if (r.failed) console.log(`  (${r.failed} failed: ${r.files.find((f) => !f.ok)?.error})`)
      console.log(fmt(label, ms, files.length, mb))
      return ms
    }
    const imDir = path.join(tmp, 'im')
    fs.mkdirSync(imDir)
    const t0 = performance.now()
    await eachParallel(files, CORES, async (x) => {
      await exec(CONVERT, [x.f, '-resize', '512x512>', '-quality', '85', path.join(imDir, `${path.basename(x.f, '.png')}-${x.size}.webp`)])
    })
    const imMs = performance.now() - t0
    console.log(fmt(`baseline: ImageMagick convert → WebP ×${CORES} proc`, imMs, files.length, mb))
    const webpMs = await batch('SLATE pool → WebP q85 ≤512', { format: 'webp', texture: { resize: 512, quality: 85 } })
    console.log(`  → ${(imMs / webpMs).toFixed(2)}× ImageMagick's speed`)
    const etcMs = await batch('SLATE pool → KTX2 ETC1S ≤512 + mipmaps', { format: 'ktx2', texture: { resize: 512, basis: 'etc1s' } })
    const uastcMs = await batch('SLATE pool → KTX2 UASTC ≤512 + mipmaps', { format: 'ktx2', texture: { resize: 512, basis: 'uastc' } })
    console.log(`  KTX2 costs ${(etcMs / webpMs).toFixed(1)}× (ETC1S) and ${(uastcMs / webpMs).toFixed(1)}× (UASTC) the WebP time (no ImageMagick KTX2 writer to compare)\n`)

    // Audio
    const seconds = 30
    const tones = [0, 1].map((i) => {
      const f = path.join(tmp, `tone${i}.wav`)
      execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `sine=frequency=${330 + i * 110}:sample_rate=48000:duration=${seconds}`, '-af', 'volume=0.1', '-ac', '2', f])
      return f
    })
    const tb = performance.now()
    await exec(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-i', tones[0], '-ar', '44100', '-c:a', 'libvorbis', path.join(tmp, 'plain.ogg')])
    const plainMs = performance.now() - tb
    console.log(`${'baseline: one plain ffmpeg → Ogg (no loudnorm)'.padEnd(44)} ${(seconds / (plainMs / 1000)).toFixed(1).padStart(7)} audio s/s`)
    const ta = performance.now()
    const ar = await runBatch({ sources: tones, options: { format: 'ogg', audio: { normalize: true, sampleRate: 44100 } }, outDir: path.join(tmp, 'audio'), pool })
    const audioMs = performance.now() - ta
    console.log(`${`SLATE pool: R128 2-pass + Ogg, ${tones.length} files`.padEnd(44)} ${((seconds * tones.length) / (audioMs / 1000)).toFixed(1).padStart(7)} audio s/s  (${ar.failed} failed; loudness after ${ar.files.map((f) => f.outputs[0]?.figures.loudness?.toFixed(1)).join(', ')} LUFS)\n`)

    // LODs
    const n = 200
    const obj = path.join(tmp, 'grid.obj')
    const lines: string[] = []
    for (let y = 0; y <= n; y++) for (let x = 0; x <= n; x++) lines.push(`v ${x / n} ${Math.sin(x / 7) * Math.cos(y / 11) * 0.05} ${y / n}`)
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      const a = y * (n + 1) + x + 1
      lines.push(`f ${a} ${a + 1} ${a + n + 2}`, `f ${a} ${a + n + 2} ${a + n + 1}`)
    }
    fs.writeFileSync(obj, lines.join('\n'))
    const tl = performance.now()
    const lr = await runBatch({ sources: [obj], options: { model: { lods: [0.5, 0.25], lodError: 0.05 } }, outDir: path.join(tmp, 'lod'), pool })
    const lodMs = performance.now() - tl
    const f = lr.files[0]
    const tris = f.before?.triangles ?? 0
    console.log(`LODs of a ${tris}-triangle OBJ (assimp + weld/dedup/prune + 2 LODs): ${(lodMs / 1000).toFixed(2)} s, ${Math.round(tris / (lodMs / 1000))} input triangles/s; per LOD ${f.outputs.map((o) => o.figures.triangles).join(' → ')}${f.ok ? '' : ` (failed: ${f.error})`}`)
  } finally {
    await pool.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
