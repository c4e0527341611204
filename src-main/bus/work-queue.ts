/**
 * Durable work distribution for the build farm: a job is enqueued for one build target and taken
 * by exactly one worker that can build for it. On NATS this is a JetStream work-queue stream
 * (./jetstream.ts): it survives restarts of workers and of the server. In-process (solo mode) it is
 * a memory queue with the same interface: the local runner is in the same process and the
 * database row (status 'queued') is the durable record, so a restart re-enqueues from the DB.
 */

export interface WorkItem<T> {
  data: T
  /** the build target this item was queued for */
  target: string
  /** 1 on first delivery, +1 on each redelivery */
  deliveryCount: number
  /** Long jobs call this periodically so the server does not redeliver them to another worker. */
  working(): void
}

export interface EnqueueOptions {
  /** Idempotency key (use the build job id): enqueueing the same id twice queues it once. */
  id: string
  /** how long to wait for the server's acknowledgement (JetStream), default 5000 */
  timeoutMs?: number
}

export interface ConsumeOptions {
  /** build targets this worker can build; one consumer per target */
  targets: readonly string[]
  /** redeliver after this long without ack or working() (default 60 s) */
  ackWaitMs?: number
  /** give up on an item after this many failed deliveries (default 3) */
  maxDeliveries?: number
}

/**
 * The handler's outcome decides the item's fate: resolve = done (acked); throw = retried later on
 * any worker (nak), until maxDeliveries, then dropped (terminated) and reported by onGiveUp.
 */
export type WorkHandler<T> = (item: WorkItem<T>) => Promise<void>

export interface WorkConsumer {
  stop(): Promise<void>
}

export interface WorkQueue<T> {
  readonly kind: 'in-process' | 'jetstream'
  enqueue(target: string, data: T, opts: EnqueueOptions): Promise<void>
  consume(handler: WorkHandler<T>, opts: ConsumeOptions & { onGiveUp?: (item: WorkItem<T>, err: unknown) => void }): Promise<WorkConsumer>
  /** items waiting (not yet taken) for a target */
  pending(target: string): Promise<number>
  /** workers consuming a target now (waiting for a job or building one): the farm is empty at 0 */
  workers?(target: string): Promise<number>
}

interface Queued<T> {
  id: string
  target: string
  data: T
  deliveries: number
  notBefore: number
}

export class InProcessWorkQueue<T> implements WorkQueue<T> {
  readonly kind = 'in-process' as const
  private readonly items: Queued<T>[] = []
  private readonly seen = new Set<string>()
  private readonly wakers = new Set<() => void>()
  private readonly consumerTargets = new Map<() => void, readonly string[]>()

  async workers(target: string): Promise<number> {
    return [...this.consumerTargets.values()].filter((t) => t.includes(target)).length
  }

  async enqueue(target: string, data: T, opts: EnqueueOptions): Promise<void> {
    if (this.seen.has(opts.id)) return
    this.seen.add(opts.id)
    this.items.push({ id: opts.id, target, data: JSON.parse(JSON.stringify(data)) as T, deliveries: 0, notBefore: 0 })
    for (const w of this.wakers) w()
  }

  async pending(target: string): Promise<number> {
    return this.items.filter((i) => i.target === target).length
  }

  /**
   * Remove and return what waits (not in a worker's hands, including items waiting to be retried):
   * the build queue moves it to JetStream when NATS comes up after start (./switching-work-queue.ts).
   */
  takeWaiting(): { id: string; target: string; data: T }[] {
    return this.items.splice(0).map(({ id, target, data }) => ({ id, target, data }))
  }

  async consume(handler: WorkHandler<T>, opts: ConsumeOptions & { onGiveUp?: (item: WorkItem<T>, err: unknown) => void }): Promise<WorkConsumer> {
    const maxDeliveries = opts.maxDeliveries ?? 3
    let stopped = false
    let wake: (() => void) | null = null
    const waker = () => wake?.()
    this.wakers.add(waker)
    this.consumerTargets.set(waker, opts.targets)
    const loop = (async () => {
      while (!stopped) {
        const now = Date.now()
        const idx = this.items.findIndex((i) => opts.targets.includes(i.target) && i.notBefore <= now)
        if (idx < 0) {
          const next = this.items.filter((i) => opts.targets.includes(i.target)).map((i) => i.notBefore)
          await new Promise<void>((resolve) => {
            wake = resolve
            if (next.length) setTimeout(resolve, Math.max(0, Math.min(...next) - now))
          })
          wake = null
          continue
        }
        const [q] = this.items.splice(idx, 1)
        q.deliveries++
        const item: WorkItem<T> = { data: q.data, target: q.target, deliveryCount: q.deliveries, working: () => undefined }
        try {
          await handler(item)
        } catch (err) {
          if (q.deliveries >= maxDeliveries) opts.onGiveUp?.(item, err)
          else this.items.push({ ...q, notBefore: Date.now() + 100 * q.deliveries })
        }
      }
    })()
    return {
      stop: async () => {
        stopped = true
        this.wakers.delete(waker)
        this.consumerTargets.delete(waker)
        wake?.()
        await loop
      },
    }
  }
}
