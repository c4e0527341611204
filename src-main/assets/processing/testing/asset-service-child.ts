/**
 * A farm worker in its own process, for the killed-worker test: the asset service on NATS with
 * the subject root, folders and ack wait from the environment. Prints "ready" once consuming.
 */
import { Registry } from 'prom-client'
import { JetStreamWorkQueue } from '../../../bus/jetstream'
import { NatsBus } from '../../../bus/nats-bus'
import { createSubjects } from '../../../bus/subjects'
import { startAssetService, type AssetJob } from '../asset-service'

const env = process.env
const bus = await NatsBus.connect({ url: env.SLATE_NATS_URL!, name: 'asset-service-child' })
const subjects = createSubjects(env.SLATE_SUBJECT_ROOT!)
const queue = await JetStreamWorkQueue.openAssets<AssetJob>(bus.nc, subjects)
await startAssetService(
  { bus, subjects, queue, roots: env.SLATE_ASSET_ROOTS!.split(':'), ackWaitMs: Number(env.SLATE_ACK_WAIT_MS), concurrency: 1, name: 'child' },
  { metrics: new Registry(), log: (l) => process.stderr.write(`${l}\n`) },
)
process.stdout.write('ready\n')
