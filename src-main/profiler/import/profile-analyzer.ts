import type { ImportSummary, MarkerFigures } from '../../../src-shared/types-profiler'
import { analyzeFrames } from '../analyze'
import type { FrameTable } from '../frame-table'
import { figures } from '../stats'
import { column, parseCsv, parseLocaleNumber, type CsvTable } from './csv'

export class ImportError extends Error {}

/**
 * A row with more fields than the header is not read by guessing: in a comma-separated file it
 * means numbers written with decimal commas (Profile Analyzer 1.0.x in such a locale writes
 * `0,198,29,879,0`), and taking the fields in order would give 29 ms for 29.879 without a word.
 */
function checkRowWidths(t: CsvTable): void {
  const width = t.header.length
  t.rows.forEach((row, r) => {
    let n = row.length
    while (n > width && row[n - 1] === '') n-- // a trailing separator is not a field
    if (n <= width) return
    const hint = t.delimiter === ',' ? ' The numbers probably use decimal commas in a comma-separated file (a decimal-comma locale): export again with ";" as the separator, or in an English locale.' : ''
    throw new ImportError(`Row ${r + 2} has ${n} fields but the header has ${width}, so its columns cannot be told apart.${hint}`)
  })
}

/** Profile Analyzer's Compare view exports Left and Right side by side: two captures, not one. */
function comparisonSides(t: CsvTable): boolean {
  return t.header.some((h) => /^\s*left\b/i.test(h)) && t.header.some((h) => /^\s*right\b/i.test(h))
}

/** Is this CSV a Profile Analyzer frame-time export, a marker table, or neither? */
export function profileAnalyzerKind(t: CsvTable): 'frame-time' | 'marker-table' | null {
  if (column(t.header, 'Name') >= 0 && column(t.header, 'Median Time', 'Median') >= 0) return 'marker-table'
  if (frameTimeColumn(t) >= 0) return 'frame-time'
  return null
}

function frameTimeColumn(t: CsvTable): number {
  const exact = column(t.header, 'Frame Time', 'Frame Time (ms)', 'FrameTime')
  if (exact >= 0) return exact
  return t.header.findIndex((h) => /frame\s*time/i.test(h) && !/from|first|offset/i.test(h))
}

export function importFrameTimeCsv(t: CsvTable, file: string, targetFps = 60): { summary: ImportSummary; table: FrameTable } {
  const decimalComma = t.delimiter !== ','
  const ftCol = frameTimeColumn(t)
  const idxCol = column(t.header, 'Frame Index', 'Frame')
  if (ftCol < 0) throw new ImportError('No "Frame Time" column: this is not a Profile Analyzer frame-time export')
  const index: number[] = []
  const ft: (number | null)[] = []
  let skipped = 0
  t.rows.forEach((row, r) => {
    const v = parseLocaleNumber(row[ftCol], decimalComma)
    if (v === null) {
      skipped++
      return
    }
    const i = idxCol >= 0 ? parseLocaleNumber(row[idxCol], decimalComma) : null
    index.push(i !== null && Number.isInteger(i) ? i : r)
    ft.push(v)
  })
  if (index.length === 0) throw new ImportError('The frame-time export has no frames')
  const table: FrameTable = { counters: [{ name: 'Frame Time', unit: 'ms' }], index, series: [ft] }
  const analysis = analyzeFrames(table, { targetFps })
  return {
    table,
    summary: {
      kind: 'profile-analyzer-frame-time',
      file,
      frames: index.length,
      frameTime: figures(ft),
      markers: [],
      tests: [],
      bottleneck: analysis.bottleneck,
      recommendations: analysis.recommendations,
      info: { delimiter: t.delimiter, skippedRows: skipped, firstFrame: index[0], lastFrame: index[index.length - 1] },
      captureId: null,
    },
  }
}

export function importMarkerTableCsv(t: CsvTable, file: string): ImportSummary {
  const decimalComma = t.delimiter !== ','
  const c = {
    name: column(t.header, 'Name'),
    median: column(t.header, 'Median Time', 'Median'),
    mean: column(t.header, 'Mean Time', 'Mean'),
    min: column(t.header, 'Min Time', 'Min'),
    max: column(t.header, 'Max Time', 'Max'),
    total: column(t.header, 'Total Time', 'Total'),
    count: column(t.header, 'Count Total', 'Count'),
    frames: column(t.header, 'Number of frames containing Marker', 'Frames'),
  }
  const num = (row: string[], k: number) => (k >= 0 ? parseLocaleNumber(row[k], decimalComma) : null)
  const markers: MarkerFigures[] = []
  for (const row of t.rows) {
    const name = row[c.name]
    const median = num(row, c.median)
    if (!name || median === null) continue
    markers.push({
      name,
      median,
      mean: num(row, c.mean) ?? median,
      min: num(row, c.min) ?? median,
      max: num(row, c.max) ?? median,
      total: num(row, c.total),
      countTotal: num(row, c.count),
      frames: num(row, c.frames),
    })
  }
  if (markers.length === 0) throw new ImportError('The marker table has no markers')
  markers.sort((a, b) => b.median - a.median)
  const frames = Math.max(0, ...markers.map((m) => m.frames ?? 0))
  return {
    kind: 'profile-analyzer-marker-table',
    file,
    frames,
    frameTime: null,
    markers,
    tests: [],
    bottleneck: {
      verdict: 'indeterminate',
      frames: { gpu: 0, cpu: 0, present: 0, balanced: 0, indeterminate: frames },
      reason: 'A marker table has per-marker times, not the CPU and GPU frame times the bottleneck rule needs; import the frame-time export of the same capture for those.',
    },
    recommendations: [],
    info: { delimiter: t.delimiter, markers: markers.length },
    captureId: null,
  }
}

export function importProfileAnalyzerCsv(text: string, file: string, targetFps?: number): { summary: ImportSummary; table: FrameTable | null } {
  const t = parseCsv(text)
  if (comparisonSides(t)) {
    throw new ImportError('This is a Profile Analyzer comparison export (Left and Right captures side by side), which holds two captures: export each capture on its own (Single view, Export) and import those; SLATE compares imported captures itself.')
  }
  checkRowWidths(t)
  const kind = profileAnalyzerKind(t)
  if (kind === 'marker-table') return { summary: importMarkerTableCsv(t, file), table: null }
  if (kind === 'frame-time') return importFrameTimeCsv(t, file, targetFps)
  throw new ImportError(`Not a Profile Analyzer export: the header (${t.header.slice(0, 6).join(', ')}) has neither "Frame Time" nor "Name" + "Median Time"`)
}
