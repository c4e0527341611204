/**
 * `npm run bench -- buildsize`: build sizes at scale, each against a baseline in the same run.
 *   - two generated text BuildReports of 100,000 source assets (~70 MB each, the layout Unity
 *     writes: src-main/builds/report/testing/gen-report.ts);
 *   - import: SLATE's streaming reader over the file, against a plain line scan of the same bytes
 *     (read the file, walk the lines, sum every `packedSize`: the least any reader must do);
 *   - the whole import into the build history (a fresh database on the loopback PostgreSQL);
 *   - diff of the two builds: from the parsed reports (goal < 200 ms), and as `slate builds diff
 *     <job> <job>` does it (both jobs' sizes read back from the database, then the diff).
 * Figures are medians of several runs; nothing here is a pass/fail threshold.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PgHistoryStore } from '../src-main/builds/history-pg'
import { readReportFile } from '../src-main/builds/report/read-report'
import { diffReports } from '../src-main/builds/report/size-diff'
import { importReport, loadJobSizes } from '../src-main/builds/report/size-history'
import { generateReport } from '../src-main/builds/report/testing/gen-report'
import { migrate } from '../src-main/store/migrations'
import { createTestDatabase } from '../src-main/store/testing/test-database'

const ASSETS = Number(process.env.SLATE_BENCH_SIZE_ASSETS ?? 100_000)
const OBJECTS = Number(process.env.SLATE_BENCH_SIZE_OBJECTS ?? 370_000)
const RUNS = Number(process.env.SLATE_BENCH_SIZE_RUNS ?? 5)

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** Wall time, and this process's CPU time (less sensitive to a shared machine's load). */
async function time<T>(fn: () => Promise<T> | T): Promise<{ ms: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await fn()
  const c = process.cpuUsage(c0)
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value }
}

/** The baseline: read the bytes, walk the lines, sum packedSize. No model, no aggregation. */
function plainLineScan(file: string): { lines: number; total: number } {
  const buf = fs.readFileSync(file)
  const key = Buffer.from('    packedSize: ')
  let lines = 0
  let total = 0
  let start = 0
  for (;;) {
    const nl = buf.indexOf(10, start)
    const end = nl < 0 ? buf.length : nl
    lines++
    if (end - start > key.length && buf[start + 4] === 0x70 && buf.compare(key, 0, key.length, start, start + key.length) === 0) {
      let n = 0
      for (let i = start + key.length; i < end; i++) n = n * 10 + (buf[i] - 48)
      total += n
    }
    if (nl < 0) break
    start = nl + 1
  }
  return { lines, total }
}

function writeReport(file: string, variant: 0 | 1) {
  const fd = fs.openSync(file, 'w')
  try {
    for (const chunk of generateReport({ objects: OBJECTS, assets: ASSETS, files: 40, seed: 11, variant })) fs.writeSync(fd, chunk)
  } finally {
    fs.closeSync(fd)
  }
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-sizes-'))
  const files = [path.join(dir, 'before.buildreport'), path.join(dir, 'after.buildreport')]
  const tdb = await createTestDatabase('slate_bench_sizes')
  try {
    console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores)`)
    const gen = await time(() => files.forEach((f, i) => writeReport(f, i as 0 | 1)))
    const mb = fs.statSync(files[0]).size / 1024 / 1024
    console.log(`generated 2 reports of ${ASSETS.toLocaleString()} source assets, ${OBJECTS.toLocaleString()} packed objects, ${mb.toFixed(1)} MB each (${(gen.ms / 1000).toFixed(1)} s)`)

    // Import (parse) against the plain scan of the same bytes, interleaved so load hits both alike.
    const scans: number[] = []
    const reads: number[] = []
    let report = null
    for (let r = 0; r < RUNS; r++) {
      const s = await time(() => plainLineScan(files[0]))
      scans.push(s.ms)
      const p = await time(() => readReportFile(files[0]))
      reads.push(p.ms)
      report = p.value
      if (r === 0 && report.packed.reduce((a, x) => a + x.size, 0) !== s.value.total) throw new Error('bench: the reader and the line scan disagree on the packed total')
    }
    const scanMs = median(scans)
    const readMs = median(reads)
    console.log(`plain line scan (baseline)        ${scanMs.toFixed(0).padStart(6)} ms  ${(mb / (scanMs / 1000)).toFixed(0)} MB/s`)
    console.log(`SLATE reads the report            ${readMs.toFixed(0).padStart(6)} ms  ${(mb / (readMs / 1000)).toFixed(0)} MB/s  (${(readMs / scanMs).toFixed(2)}× the scan; ${report!.packed.length.toLocaleString()} rows per asset, file and class)`)

    const [a, b] = [await readReportFile(files[0]), await readReportFile(files[1])]
    const diffs: number[] = []
    const diffCpu: number[] = []
    let changed = 0
    for (let r = 0; r < RUNS * 2; r++) {
      const d = await time(() => diffReports(a, b))
      diffs.push(d.ms)
      diffCpu.push(d.cpuMs)
      changed = d.value.assets.length
    }
    console.log(`diff of the two parsed reports    ${median(diffs).toFixed(0).padStart(6)} ms  (goal < 200 ms; min ${Math.min(...diffs).toFixed(0)} ms; CPU median ${median(diffCpu).toFixed(0)} ms; ${changed.toLocaleString()} assets changed)`)

    await migrate(tdb.db)
    const store = new PgHistoryStore(tdb.db, 'bench')
    const root = path.join(dir, 'project')
    const imports: number[] = []
    const ids: string[] = []
    for (const f of files) {
      const t = await time(async () => importReport(store, { projectRoot: root, projectName: 'Bench', report: await readReportFile(f) }))
      imports.push(t.ms)
      ids.push(t.value.jobId)
    }
    console.log(`import into the history (read + store) ${imports.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ')}  (${(median(imports) / scanMs).toFixed(1)}× the scan)`)
    const jobDiffs: number[] = []
    for (let r = 0; r < RUNS; r++) {
      const t = await time(async () => diffReports((await loadJobSizes(store, ids[0]))!.report, (await loadJobSizes(store, ids[1]))!.report))
      jobDiffs.push(t.ms)
    }
    console.log(`diff of two jobs from the database ${median(jobDiffs).toFixed(0).padStart(6)} ms  (both jobs' rows read back, then the diff)`)
    console.log(`load average at end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  } finally {
    await tdb.drop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
