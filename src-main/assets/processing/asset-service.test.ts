import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { Registry } from 'prom-client'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, JetStreamWorkQueue } from '../../bus/jetstream'
import { NatsBus } from '../../bus/nats-bus'
import { createSubjects } from '../../bus/subjects'
import type { BackendService } from '../../core/backend-service'
import { repoRoot, unityFixture } from '../../testing/fixtures'
import { natsReachable, TEST_NATS_URL } from '../../testing/nats'
import { startAssetService, submitAssetJob, type AssetJob } from './asset-service'
import { followAssetBatch, type AssetBatchLogLine, type AssetBatchProgressMessage } from './bus-events'

const NATS_URL = TEST_NATS_URL
const natsUp = await natsReachable()
if (!natsUp) console.warn(`\n*** SKIPPING asset farm tests: NATS is not reachable at ${NATS_URL} ***\n`)

const project = unityFixture('2d-techdemos')
const sprites = 'Assets/Tilemap/Tiles/Auto Tile/Sprites'
const desert = 'Assets/Tilemap/IsometricZAsY/Tilemaps/Isometric/Sprites/Desert/Flat'

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
}

/** Resolves with the batch's end (finished or cancelled) as seen on the bus, from `origin` if given. */
function endOf(bus: NatsBus, S: ReturnType<typeof createSubjects>, jobId: string, seen: AssetBatchProgressMessage[], logs: AssetBatchLogLine[] = [], origin?: string): Promise<AssetBatchProgressMessage> {
  return new Promise((resolve) => {
    const stop = followAssetBatch(bus, S, jobId, {
      progress: (p) => {
        seen.push(p)
        if ((p.phase === 'finished' || p.phase === 'cancelled') && (!origin || p.origin === origin)) {
          stop()
          resolve(p)
        }
      },
      log: (l) => logs.push(l),
    })
  })
}

describe.skipIf(!natsUp)('asset farm on NATS JetStream', { timeout: 180_000 }, () => {
  const root = `tasset${crypto.randomUUID().slice(0, 8)}`
  const S = createSubjects(root)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-asset-farm-'))
  const services: BackendService[] = []
  const children: ChildProcess[] = []
  let bus: NatsBus
  let queue: JetStreamWorkQueue<AssetJob>

  beforeAll(async () => {
    bus = await NatsBus.connect({ url: NATS_URL })
    queue = await JetStreamWorkQueue.openAssets<AssetJob>(bus.nc, S)
  })
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL')
    for (const s of services) await s.drain()
    await deleteStreams(bus.nc, S)
    await bus.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('runs a queued batch on the service: outputs written, progress and log lines on slate.asset.*, a job outside its folders refused', async () => {
    const metrics = new Registry()
    const svc = await startAssetService({ bus, subjects: S, queue, roots: [project, tmp], concurrency: 2, ackWaitMs: 3000, name: 'w1' }, { metrics, log: () => undefined })
    try {
      await farmRuns(svc, metrics)
    } finally {
      await svc.drain()
    }
  })

  async function farmRuns(svc: BackendService, metrics: Registry): Promise<void> {
    expect(svc.health()).toMatchObject({ ok: true, detail: 'idle' })
    const jobId = crypto.randomUUID()
    const outDir = path.join(tmp, 'out1')
    const seen: AssetBatchProgressMessage[] = []
    const logs: AssetBatchLogLine[] = []
    const end = endOf(bus, S, jobId, seen, logs)
    await bus.flush()
    await submitAssetJob(queue, { jobId, project, paths: [sprites], options: { format: 'webp', texture: { resize: 64 } }, outDir })
    const last = await end
    expect(last).toMatchObject({ phase: 'finished', failed: 0, origin: 'w1' })
    const files = seen.filter((p) => p.phase === 'file')
    expect(files.length).toBe(last.total)
    const outputs = walk(outDir)
    expect(outputs.length).toBe(last.total)
    for (const f of outputs) expect((await sharp(f).metadata()).format).toBe('webp')
    expect(logs.some((l) => /batch finished/.test(l.message))).toBe(true)
    expect(logs.filter((l) => l.source).length).toBe(last.total)
    expect((await metrics.getSingleMetricAsString('slate_asset_jobs_total'))).toMatch(/outcome="ok"} 1/)

    const badId = crypto.randomUUID()
    const refused = new Promise<AssetBatchLogLine>((resolve) => followAssetBatch(bus, S, badId, { log: resolve }))
    await bus.flush()
    await submitAssetJob(queue, { jobId: badId, paths: ['/etc/passwd'], options: {}, outDir: path.join(tmp, 'bad') })
    expect((await refused).message).toMatch(/outside this worker's folders/)
    expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false)
    expect(svc.inFlight()).toBe(0)
  }

  // Every worker of a pool shares one durable consumer, made with the first one's ack wait (3 s here).
  it('a worker killed mid-batch: the job is redelivered to another worker, every output whole, no temp file left', async () => {
    const jobId = crypto.randomUUID()
    const outDir = path.join(tmp, 'out2')
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src-main/assets/processing/testing/asset-service-child.ts')], {
      cwd: repoRoot,
      env: { ...process.env, SLATE_NATS_URL: NATS_URL, SLATE_SUBJECT_ROOT: root, SLATE_ASSET_ROOTS: `${project}:${tmp}`, SLATE_ACK_WAIT_MS: '3000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    children.push(child)
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the child worker exited (${code})`)))
      readline.createInterface({ input: child.stdout! }).on('line', (l) => l === 'ready' && resolve())
    })
    const seen: AssetBatchProgressMessage[] = []
    const firstFile = new Promise<void>((resolve) => {
      const stop = followAssetBatch(bus, S, jobId, { progress: (p) => p.phase === 'file' && p.origin === 'child' && (stop(), resolve()) })
    })
    const end = endOf(bus, S, jobId, seen, [], 'w2')
    await bus.flush()
    await submitAssetJob(queue, { jobId, project, paths: [desert], options: { format: 'webp', texture: { resize: 128 } }, outDir })
    await firstFile
    child.removeAllListeners('exit')
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    // The job is in no one's hands now; the second worker gets it once the ack wait has passed.
    const svc = await startAssetService({ bus, subjects: S, queue, roots: [project, tmp], concurrency: 2, ackWaitMs: 3000, name: 'w2' }, { metrics: new Registry(), log: () => undefined })
    services.push(svc)
    const last = await end
    expect(last).toMatchObject({ phase: 'finished', failed: 0 })
    expect(seen.some((p) => p.origin === 'child' && p.phase === 'file')).toBe(true)
    const all = walk(outDir)
    expect(all.filter((f) => path.basename(f).startsWith('.'))).toEqual([])
    expect(all.length).toBe(last.total)
    for (const f of all) expect((await sharp(f, { failOn: 'truncated' }).stats()).channels.length).toBeGreaterThan(0)
    expect(await queue.pending('default')).toBe(0)
  })
})
