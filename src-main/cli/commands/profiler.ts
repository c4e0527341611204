import { parseArgs } from 'node:util'
import path from 'node:path'
import { CliError, type CliCommand } from '../command'
import { BOTTLENECK_LABELS, type Figures, type ImportSummary } from '../../../src-shared/types-profiler'
import { ImportError, importProfilerFile } from '../../profiler/import'

const usage = `Usage: slate profiler import <file> [--json] [--fps N]

Read a Unity profiling export and print what is in it:
  Profile Analyzer    frameTime.csv (frames, frame-time median/p95/max, bottleneck summary)
                      markerTable.csv (markers by median time)
                      comma- or semicolon-separated, decimal commas accepted
  Performance Testing PerformanceTestResults.json, the older list format and v2 (tests, sample
                      groups, samples, figures per group)
The file type is recognised from its content. --fps sets the frame budget (default 60: 16.67 ms).
p95 is interpolated between the closest ranks (numpy's default).`

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–')
const figs = (f: Figures | null) => (f ? `median ${f2(f.median)} ms, p95 ${f2(f.p95)} ms, max ${f2(f.max)} ms (${f.count} frames)` : 'none')

function human(s: ImportSummary): string {
  const lines = [`${s.file}: ${s.kind}`]
  if (s.frames) lines.push(`frames: ${s.frames}`)
  lines.push(`frame time: ${figs(s.frameTime)}`)
  if (s.markers.length) {
    lines.push(`markers: ${s.markers.length} (by median time)`)
    for (const m of s.markers.slice(0, 15)) lines.push(`  ${f2(m.median).padStart(9)} ms  ${m.name}`)
  }
  for (const t of s.tests) {
    lines.push(`test ${t.name}: ${t.groups.length} sample groups`)
    for (const g of t.groups) lines.push(`  ${g.name} [${g.unit}] ${g.samples} samples: median ${f2(g.median)}, p95 ${f2(g.p95)}, max ${f2(g.max)}`)
  }
  lines.push(`bottleneck: ${BOTTLENECK_LABELS[s.bottleneck.verdict]}. ${s.bottleneck.reason}`)
  for (const r of s.recommendations) lines.push(`- ${r.title} (threshold: ${r.threshold.text})`)
  return lines.join('\n')
}

export const profilerCommand: CliCommand = {
  name: 'profiler',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv
    if (sub !== 'import') throw new CliError(`expected "import"\n\n${usage}`)
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false }, fps: { type: 'string', default: '60' } } })
    if (positionals.length !== 1) throw new CliError(`expected one file\n\n${usage}`)
    const fps = Number(values.fps)
    if (!Number.isInteger(fps) || fps < 1 || fps > 1000) throw new CliError(`--fps must be a whole number from 1 to 1000, got "${values.fps}"`)
    try {
      const { summary } = await importProfilerFile(path.resolve(positionals[0]), { targetFps: fps })
      process.stdout.write((values.json ? JSON.stringify(summary, null, 2) : human(summary)) + '\n')
      return 0
    } catch (err) {
      if (err instanceof ImportError) throw new CliError(err.message, 1)
      throw err
    }
  },
}
