import { AckPolicy, DeliverPolicy, RetentionPolicy, StorageType, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import { decode, encode } from './bus'
import type { Subjects } from './subjects'
import type { ConsumeOptions, EnqueueOptions, WorkConsumer, WorkHandler, WorkItem, WorkQueue } from './work-queue'

/**
 * JetStream streams for what must survive a restart:
 *   <ROOT>_BUILD_QUEUE  work-queue retention on <root>.queue.build.*: each message is removed once
 *                       one worker acks it. One durable consumer per target (work-queue streams
 *                       need non-overlapping consumers), shared by all workers of that target.
 *   <ROOT>_ASSET_QUEUE  the same for asset-processing batches on <root>.queue.asset.* (made
 *                       only when an asset queue is opened: a build worker's NATS user may not
 *                       touch it).
 *   <ROOT>_LOGS         limits retention (7 days, 1 GiB) on build, runtime and asset-processing
 *                       log subjects, so a console opened late can replay a build's log from the
 *                       start and the logs service stores what was published while it was down.
 */

export function streamNames(S: Subjects) {
  const base = S.root.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()
  return { buildQueue: `${base}_BUILD_QUEUE`, assetQueue: `${base}_ASSET_QUEUE`, logs: `${base}_LOGS` }
}

/** Which work-queue stream a JetStreamWorkQueue uses: its name, subjects and consumer names. */
export interface QueueSpec {
  stream: string
  subject(target: string): string
  all: string
  /** durable consumer of a target: `<prefix>-<target>` */
  consumerPrefix: string
}

export function buildQueueSpec(S: Subjects): QueueSpec {
  return { stream: streamNames(S).buildQueue, subject: (t) => S.buildQueue(t), all: S.buildQueueAll(), consumerPrefix: 'build' }
}

export function assetQueueSpec(S: Subjects): QueueSpec {
  return { stream: streamNames(S).assetQueue, subject: (t) => S.assetQueue(t), all: S.assetQueueAll(), consumerPrefix: 'asset' }
}

export async function ensureStreams(nc: NatsConnection, S: Subjects): Promise<JetStreamManager> {
  const jsm = await jetstreamManager(nc)
  const names = streamNames(S)
  const want = [
    { name: names.buildQueue, subjects: [S.buildQueueAll()], retention: RetentionPolicy.Workqueue, max_age: 0, max_bytes: -1 },
    {
      name: names.logs,
      subjects: [S.buildLogAll(), S.runtimeLogAll(), S.assetLogAll(), S.assetBatchLogAll()],
      retention: RetentionPolicy.Limits,
      max_age: 7 * 24 * 3600 * 1e9,
      max_bytes: 1024 ** 3,
    },
  ]
  for (const cfg of want) {
    let info
    try {
      info = await jsm.streams.info(cfg.name)
    } catch {
      await jsm.streams.add({ ...cfg, storage: StorageType.File, duplicate_window: 10 * 60 * 1e9 })
      continue
    }
    // A stream made by an older SLATE lacks subjects added since (asset logs): add them.
    // Users without the right to update streams (workers) leave that to the services' user.
    const missing = cfg.subjects.filter((x) => !info.config.subjects?.includes(x))
    if (missing.length) await jsm.streams.update(cfg.name, { subjects: [...(info.config.subjects ?? []), ...missing] }).catch(() => undefined)
  }
  return jsm
}

/** The asset work-queue stream (ensureStreams' streams too, which it needs for its logs). */
export async function ensureAssetQueueStream(nc: NatsConnection, S: Subjects): Promise<JetStreamManager> {
  const jsm = await ensureStreams(nc, S)
  const name = streamNames(S).assetQueue
  try {
    await jsm.streams.info(name)
  } catch {
    await jsm.streams.add({ name, subjects: [S.assetQueueAll()], retention: RetentionPolicy.Workqueue, max_age: 0, max_bytes: -1, storage: StorageType.File, duplicate_window: 10 * 60 * 1e9 })
  }
  return jsm
}

/** Delete this root's streams (tests and benches clean up after themselves). */
export async function deleteStreams(nc: NatsConnection, S: Subjects): Promise<void> {
  const jsm = await jetstreamManager(nc)
  for (const name of Object.values(streamNames(S))) await jsm.streams.delete(name).catch(() => undefined)
}

export class JetStreamWorkQueue<T> implements WorkQueue<T> {
  readonly kind = 'jetstream' as const
  private constructor(
    private readonly nc: NatsConnection,
    private readonly spec: QueueSpec,
    private readonly jsm: JetStreamManager,
  ) {}

  /** The build farm's queue. */
  static async open<T>(nc: NatsConnection, S: Subjects): Promise<JetStreamWorkQueue<T>> {
    return new JetStreamWorkQueue<T>(nc, buildQueueSpec(S), await ensureStreams(nc, S))
  }

  /** The asset-processing farm's queue (`slate services --only asset`). */
  static async openAssets<T>(nc: NatsConnection, S: Subjects): Promise<JetStreamWorkQueue<T>> {
    return new JetStreamWorkQueue<T>(nc, assetQueueSpec(S), await ensureAssetQueueStream(nc, S))
  }

  private get stream(): string {
    return this.spec.stream
  }

  async enqueue(target: string, data: T, opts: EnqueueOptions): Promise<void> {
    // msgID: the server drops a second publish with the same id inside the duplicate window
    await jetstream(this.nc).publish(this.spec.subject(target), encode(data), { msgID: opts.id, timeout: opts.timeoutMs ?? 5000 })
  }

  async pending(target: string): Promise<number> {
    const subject = this.spec.subject(target)
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: subject })
    return info.state.subjects?.[subject] ?? 0
  }

  /** Workers of a target: pull requests waiting on its consumer plus jobs in a worker's hands. */
  async workers(target: string): Promise<number> {
    try {
      const info = await this.jsm.consumers.info(this.stream, `${this.spec.consumerPrefix}-${target}`)
      return (info.num_waiting ?? 0) + (info.num_ack_pending ?? 0)
    } catch {
      return 0
    }
  }

  private async consumerFor(target: string, ackWaitMs: number, maxDeliveries: number): Promise<string> {
    const name = `${this.spec.consumerPrefix}-${target}`
    try {
      await this.jsm.consumers.info(this.stream, name)
    } catch {
      await this.jsm.consumers.add(this.stream, {
        durable_name: name,
        filter_subject: this.spec.subject(target),
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWaitMs * 1e6,
        max_deliver: maxDeliveries,
      })
    }
    return name
  }

  async consume(handler: WorkHandler<T>, opts: ConsumeOptions & { onGiveUp?: (item: WorkItem<T>, err: unknown) => void }): Promise<WorkConsumer> {
    const ackWaitMs = opts.ackWaitMs ?? 60_000
    const maxDeliveries = opts.maxDeliveries ?? 3
    const js = jetstream(this.nc)
    const running: { stop(): void; done: Promise<void> }[] = []
    for (const target of opts.targets) {
      const consumer = await js.consumers.get(this.stream, await this.consumerFor(target, ackWaitMs, maxDeliveries))
      // one at a time per target: a worker builds one player at a time
      const messages = await consumer.consume({ max_messages: 1 })
      const done = (async () => {
        for await (const m of messages) {
          const item: WorkItem<T> = { data: decode(m.string()) as T, target, deliveryCount: m.info.deliveryCount, working: () => m.working() }
          try {
            await handler(item)
            await m.ackAck().catch(() => m.ack())
          } catch (err) {
            if (m.info.deliveryCount >= maxDeliveries) {
              m.term(err instanceof Error ? err.message : String(err))
              opts.onGiveUp?.(item, err)
            } else {
              m.nak(250 * m.info.deliveryCount)
            }
          }
        }
      })()
      running.push({ stop: () => messages.stop(), done })
    }
    return {
      stop: async () => {
        running.forEach((r) => r.stop())
        await Promise.all(running.map((r) => r.done.catch(() => undefined)))
      },
    }
  }
}

/** Every log line stored for a build so far (JetStream LOGS), in order. */
export async function replayBuildLog<L = unknown>(nc: NatsConnection, S: Subjects, jobId: string): Promise<L[]> {
  const js = jetstream(nc)
  // a string, not an array: servers before 2.10 take one filter subject only
  const consumer = await js.consumers.get(streamNames(S).logs, { filter_subjects: S.buildLog(jobId) })
  const out: L[] = []
  for (;;) {
    const info = await consumer.info(true)
    if (info.num_pending === 0 && out.length > 0) break
    const m = await consumer.next({ expires: 1000 })
    if (!m) break
    out.push(decode(m.string()) as L)
    if (m.info.pending === 0) break
  }
  return out
}
