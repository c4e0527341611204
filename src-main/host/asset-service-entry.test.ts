import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { submitAssetJob, type AssetJob } from '../assets/processing/asset-service'
import { followAssetBatch, type AssetBatchProgressMessage } from '../assets/processing/bus-events'
import { deleteStreams, JetStreamWorkQueue } from '../bus/jetstream'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects } from '../bus/subjects'
import { repoRoot, unityFixture } from '../testing/fixtures'
import { natsReachable, TEST_NATS_URL } from '../testing/nats'


const natsUp = await natsReachable()
if (!natsUp) console.warn(`\n*** SKIPPING \`slate services --only asset\`: NATS is not reachable at ${TEST_NATS_URL} ***\n`)

/** The `asset` row of the services table, as an operator runs it: `slate services --only asset`. */
describe.skipIf(!natsUp)('slate services --only asset', { timeout: 180_000 }, () => {
  const root = `tassetsvc${crypto.randomUUID().slice(0, 8)}`
  const S = createSubjects(root)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-asset-svc-'))
  let child: ChildProcess | null = null
  let bus: NatsBus | null = null
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r))
      child.kill('SIGTERM')
      await exited
    }
    if (bus) {
      await deleteStreams(bus.nc, S)
      await bus.close()
    }
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  it('starts, takes a queued batch inside its folders and reports it on slate.asset.*', async () => {
    const project = unityFixture('2d-techdemos')
    child = spawn(process.execPath, [path.join(repoRoot, 'bin/slate.mjs'), 'services', '--only', 'asset', '--port', '0', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, SLATE_NATS_URL: TEST_NATS_URL, SLATE_SUBJECT_ROOT: root, SLATE_DATA_DIR: path.join(tmp, 'data'), SLATE_ASSET_ROOTS: [project, tmp].join(path.delimiter) },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const stderr: string[] = []
    child.stderr!.on('data', (d) => stderr.push(String(d)))
    const ready = await new Promise<{ services: Array<{ name: string; ok: boolean }> }>((resolve, reject) => {
      child!.once('exit', (code) => reject(new Error(`slate services exited (${code}):\n${stderr.join('')}`)))
      readline.createInterface({ input: child!.stdout! }).on('line', (l) => {
        if (l.startsWith('{') && l.includes('"ready"')) resolve(JSON.parse(l))
      })
    })
    expect(ready.services.map((s) => s.name)).toEqual(['asset'])
    bus = await NatsBus.connect({ url: TEST_NATS_URL })
    const queue = await JetStreamWorkQueue.openAssets<AssetJob>(bus.nc, S)
    const jobId = crypto.randomUUID()
    const outDir = path.join(tmp, 'out')
    const end = new Promise<AssetBatchProgressMessage>((resolve) => {
      followAssetBatch(bus!, S, jobId, { progress: (p) => (p.phase === 'finished' || p.phase === 'cancelled') && resolve(p) })
    })
    await bus.flush()
    await submitAssetJob(queue, { jobId, project, paths: ['Assets/Tilemap/Tiles/Auto Tile/Sprites/Sprite_Tiles_Dirt.png'], options: { texture: { format: 'webp', resize: 32 } }, outDir })
    const last = await end
    expect(last).toMatchObject({ phase: 'finished', total: 1, failed: 0 })
    const out = path.join(outDir, 'Assets/Tilemap/Tiles/Auto Tile/Sprites/Sprite_Tiles_Dirt.webp')
    expect(fs.readFileSync(out).subarray(8, 12).toString('latin1')).toBe('WEBP')
  })
})
