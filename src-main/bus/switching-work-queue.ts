import { InProcessWorkQueue, type ConsumeOptions, type EnqueueOptions, type WorkConsumer, type WorkHandler, type WorkItem, type WorkQueue } from './work-queue'

type Options<T> = ConsumeOptions & { onGiveUp?: (item: WorkItem<T>, err: unknown) => void }

interface MovingConsumer<T> {
  handler: WorkHandler<T>
  opts: Options<T>
  /** the queue `inner` consumes from */
  queue: WorkQueue<T>
  inner: WorkConsumer
  stopped: boolean
  moving: Promise<void> | null
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/**
 * The build queue when NATS was configured but did not answer at start: an in-memory queue at
 * once (a solo build must not wait for the farm), moved to JetStream when NATS comes up. The move
 * is whole, so nothing stays behind in memory where no other worker could see it:
 *   - new work goes to JetStream from the moment of the switch;
 *   - work still waiting in memory is enqueued on JetStream under its own id (deduplicated there);
 *   - every running consumer finishes the item in its hands, then consumes from JetStream with the
 *     same handler and options (one item at a time per consumer, as before); an item that failed in
 *     its hands went back to the memory queue and is moved too. JetStream counts deliveries afresh.
 * Callers keep this one object: no need to re-read the queue or restart workers.
 */
export class SwitchingWorkQueue<T> implements WorkQueue<T> {
  private current: WorkQueue<T>
  private readonly consumers = new Set<MovingConsumer<T>>()
  private switching: Promise<void> | null = null

  constructor(first: WorkQueue<T> = new InProcessWorkQueue<T>()) {
    this.current = first
  }

  get kind(): WorkQueue<T>['kind'] {
    return this.current.kind
  }

  enqueue(target: string, data: T, opts: EnqueueOptions): Promise<void> {
    return this.current.enqueue(target, data, opts)
  }

  pending(target: string): Promise<number> {
    return this.current.pending(target)
  }

  async workers(target: string): Promise<number> {
    return (await this.current.workers?.(target)) ?? 0
  }

  async consume(handler: WorkHandler<T>, opts: Options<T>): Promise<WorkConsumer> {
    const queue = this.current
    const c: MovingConsumer<T> = { handler, opts, queue, inner: await queue.consume(handler, opts), stopped: false, moving: null }
    this.consumers.add(c)
    // the switch happened while the consumer was being set up: it missed the move, so move it now
    if (c.queue !== this.current) c.moving = this.move(c, this.current)
    return {
      stop: async () => {
        c.stopped = true
        await c.moving
        await c.inner.stop()
        this.consumers.delete(c)
      },
    }
  }

  /** Move everything to `next` (once). Resolves when every consumer runs on it and nothing waits in memory. */
  switchTo(next: WorkQueue<T>): Promise<void> {
    if (this.switching) return this.switching
    const old = this.current
    this.current = next
    this.switching = (async () => {
      await moveWaiting(old, next)
      await Promise.all([...this.consumers].map((c) => (c.moving ??= this.move(c, next))))
      // items that failed in a consumer's hands during the move went back to the old queue
      await moveWaiting(old, next)
    })()
    return this.switching
  }

  private async move(c: MovingConsumer<T>, next: WorkQueue<T>): Promise<void> {
    const old = c.queue
    // let the item in hand finish first: a worker builds one thing at a time
    await c.inner.stop()
    c.queue = next
    await moveWaiting(old, next)
    for (let attempt = 0; !c.stopped; attempt++) {
      try {
        c.inner = await next.consume(c.handler, c.opts)
        return
      } catch (err) {
        // JetStream answered the open a moment ago; keep trying rather than leave a worker idle
        console.error(`slate: could not move a build-queue consumer to ${next.kind}: ${(err as Error).message}`)
        await wait(Math.min(500 * 2 ** attempt, 30_000))
      }
    }
  }
}

/** Enqueue what waits in an in-memory queue on the next queue, retrying: a queued build must not be lost. */
async function moveWaiting<T>(old: WorkQueue<T>, next: WorkQueue<T>): Promise<void> {
  if (!(old instanceof InProcessWorkQueue)) return
  for (const item of old.takeWaiting() as { id: string; target: string; data: T }[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        await next.enqueue(item.target, item.data, { id: item.id })
        break
      } catch (err) {
        console.error(`slate: could not move queued build ${item.id} to ${next.kind}: ${(err as Error).message}`)
        await wait(Math.min(500 * 2 ** attempt, 30_000))
      }
    }
  }
}
