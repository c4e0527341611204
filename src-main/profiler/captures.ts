import { randomUUID } from 'node:crypto'
import path from 'node:path'
import zlib from 'node:zlib'
import { promisify } from 'node:util'
import type { CaptureComparison, CaptureSource, CaptureSummary, CounterUnit } from '../../src-shared/types-profiler'
import { projectRowChange } from '../store/changes'
import { directRoute, type DataRoute } from '../store/data-route'
import { Database, type Queryable } from '../store/db'
import { projectIdForRoot } from '../store/project-id'
import { analyzeFrames } from './analyze'
import { seriesOf, type FrameTable } from './frame-table'
import { figures, frameTimeEdges, histogram } from './stats'

const gzip = promisify(zlib.gzip)
const gunzip = promisify(zlib.gunzip)

/** Column arrays → bytes: n (uint32), k (uint32), int32 index[n], float32 series[k][n]. */
export async function packFrames(t: FrameTable): Promise<Buffer> {
  const n = t.index.length
  const k = t.series.length
  const buf = Buffer.alloc(8 + n * 4 * (1 + k))
  buf.writeUInt32LE(n, 0)
  buf.writeUInt32LE(k, 4)
  const idx = new Int32Array(buf.buffer, buf.byteOffset + 8, n)
  idx.set(t.index)
  for (let j = 0; j < k; j++) {
    const col = new Float32Array(buf.buffer, buf.byteOffset + 8 + n * 4 * (1 + j), n)
    const s = t.series[j]
    for (let i = 0; i < n; i++) col[i] = s[i] === null ? NaN : (s[i] as number)
  }
  return gzip(buf, { level: 6 })
}

export async function unpackFrames(bytes: Buffer, counters: { name: string; unit: CounterUnit }[]): Promise<FrameTable> {
  const raw = await gunzip(bytes)
  const buf = Buffer.from(raw) // aligned copy
  const n = buf.readUInt32LE(0)
  const k = buf.readUInt32LE(4)
  if (k !== counters.length || buf.length !== 8 + n * 4 * (1 + k)) throw new Error('The stored capture is damaged (sizes do not match)')
  const index = Array.from(new Int32Array(buf.buffer, buf.byteOffset + 8, n))
  const series: (number | null)[][] = []
  for (let j = 0; j < k; j++) {
    const col = new Float32Array(buf.buffer, buf.byteOffset + 8 + n * 4 * (1 + j), n)
    series.push(Array.from(col, (x) => (Number.isNaN(x) ? null : x)))
  }
  return { counters, index, series }
}

interface Row {
  id: string
  name: string
  source: CaptureSource
  frame_count: number
  counters: { name: string; unit: CounterUnit }[]
  summary: { frameTime?: CaptureSummary['frameTime']; bottleneck?: CaptureSummary['bottleneck'] }
  metadata: Record<string, unknown>
  created_at: Date | string
}

function toSummary(r: Row): CaptureSummary {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    createdAt: new Date(r.created_at).toISOString(),
    frames: r.frame_count,
    counters: r.counters.map((c) => c.name),
    frameTime: r.summary.frameTime ?? null,
    bottleneck: r.summary.bottleneck ?? 'indeterminate',
    metadata: r.metadata,
  }
}

/**
 * Captures of one project in PostgreSQL (migration 0013), through the data layer's one route
 * (store/data-route.ts): in team mode a capture saved while the team database is away is kept in
 * the local mirror, listed and loaded from there, and replayed when it is back.
 */
export class CaptureStore {
  private readonly route: DataRoute

  constructor(
    source: Database | DataRoute,
    private readonly projectRoot: string,
    private readonly projectName: string,
  ) {
    this.route = source instanceof Database ? directRoute(source) : source
  }

  private async projectId(q: Queryable): Promise<string> {
    const root = path.resolve(this.projectRoot)
    const id = projectIdForRoot(root)
    await q.query(
      `INSERT INTO slate_projects (id, name, owner_id, settings) VALUES ($1, $2, $3, jsonb_build_object('root', $4::text)) ON CONFLICT (id) DO NOTHING`,
      [id, this.projectName.slice(0, 256) || 'project', 'slate', root],
    )
    return id
  }

  async save(input: { name: string; source: CaptureSource; table: FrameTable; sessionId?: string | null; metadata?: Record<string, unknown>; targetFps?: number }): Promise<CaptureSummary> {
    const a = analyzeFrames(input.table, { targetFps: input.targetFps })
    const ft = a.frameTime ? { count: a.frameTime.count, min: a.frameTime.min, median: a.frameTime.median, p95: a.frameTime.p95, max: a.frameTime.max, mean: a.frameTime.mean } : null
    // the id is made here, not by the database: a capture replayed from the outbox keeps it
    const id = randomUUID()
    const frames = await packFrames(input.table)
    const summary = { frameTime: ft, bottleneck: a.bottleneck.verdict }
    const metadata = input.metadata ?? {}
    return this.route.apply(async (tx) => {
      const projectId = await this.projectId(tx)
      const res = await tx.query<Row>(
        `INSERT INTO slate_profiler_captures (id, project_id, session_id, name, source, frame_count, counters, summary, frames, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10::jsonb)
         RETURNING id, name, source, frame_count, counters, summary, metadata, created_at`,
        [id, projectId, input.sessionId ?? null, input.name, input.source, input.table.index.length, JSON.stringify(input.table.counters), JSON.stringify(summary), frames, JSON.stringify(metadata)],
      )
      const row = res.rows[0]
      const capture = {
        id,
        projectId,
        sessionId: input.sessionId ?? null,
        name: input.name,
        source: input.source,
        frameCount: input.table.index.length,
        counters: input.table.counters,
        summary,
        frames: frames.toString('base64'),
        metadata,
        createdAt: new Date(row.created_at).toISOString(),
      }
      return { result: toSummary(row), changes: async () => [...(await projectRowChange(tx, projectId)), { kind: 'batch' as const, table: 'slate_profiler_captures', rows: [capture] }] }
    })
  }

  async list(): Promise<CaptureSummary[]> {
    const res = await this.route.read((q) =>
      q.query<Row>(
        `SELECT id, name, source, frame_count, counters, summary, metadata, created_at FROM slate_profiler_captures
         WHERE project_id = $1 ORDER BY created_at DESC LIMIT 500`,
        [projectIdForRoot(path.resolve(this.projectRoot))],
      ),
    )
    return res.rows.map(toSummary)
  }

  async load(id: string): Promise<{ summary: CaptureSummary; table: FrameTable }> {
    const res = await this.route.read((q) => q.query<Row & { frames: Buffer }>(
      `SELECT id, name, source, frame_count, counters, summary, metadata, created_at, frames FROM slate_profiler_captures WHERE id = $1 AND project_id = $2`,
      [id, projectIdForRoot(path.resolve(this.projectRoot))],
    ))
    const row = res.rows[0]
    if (!row) throw new Error('No such capture in this project')
    return { summary: toSummary(row), table: await unpackFrames(row.frames, row.counters) }
  }

  async compare(a: string, b: string): Promise<CaptureComparison> {
    const [x, y] = await Promise.all([this.load(a), this.load(b)])
    return compareTables(x.summary, x.table, y.summary, y.table)
  }
}

export function compareTables(sa: CaptureSummary, a: FrameTable, sb: CaptureSummary, b: FrameTable): CaptureComparison {
  const names = [...new Set([...a.counters.map((c) => c.name), ...b.counters.map((c) => c.name)])]
  const counters = names.map((name) => {
    const ia = a.counters.findIndex((c) => c.name === name)
    const ib = b.counters.findIndex((c) => c.name === name)
    const fa = ia >= 0 ? figures(a.series[ia]) : null
    const fb = ib >= 0 ? figures(b.series[ib]) : null
    return {
      name,
      unit: (ia >= 0 ? a.counters[ia] : b.counters[ib]).unit,
      a: fa,
      b: fb,
      medianChange: fa && fb && fa.median !== 0 ? (fb.median - fa.median) / fa.median : null,
    }
  })
  const fta = seriesOf(a, 'cpuFrame') ?? seriesOf(a, 'cpuMainThread') ?? []
  const ftb = seriesOf(b, 'cpuFrame') ?? seriesOf(b, 'cpuMainThread') ?? []
  const maxA = figures(fta)?.p95 ?? 0
  const maxB = figures(ftb)?.p95 ?? 0
  const edges = frameTimeEdges(Math.max(maxA, maxB) * 1.25)
  return { a: sa, b: sb, counters, distribution: { edges, a: histogram(fta, edges), b: histogram(ftb, edges) } }
}
