import { ApiError } from '../../src-shared/api-error'

export interface PoolGateOptions {
  /** Shown in the refusal: "embedded PostgreSQL on :54012". */
  label: string
  /** Callers that may wait for a connection at once; one more is refused with `busy`. */
  maxWaiting: number
  /** How long one caller waits for a connection before it is refused with `busy`. */
  maxWaitMs: number
}

/**
 * A fair, bounded queue in front of a database pool. pg's own pool queue counts waiting for a
 * free client against `connectionTimeoutMillis`, so a burst of calls ended in "timeout exceeded
 * when trying to connect" — reported as `internal`, and in team mode taken for the server being
 * down. Here at most `slots` queries run (the pool's size, so pg never queues and its timeout
 * measures only real connecting); the others wait in order, and only a queue that is full, or a
 * wait longer than `maxWaitMs`, is refused — with `busy`, which says "try again", not "broken".
 */
export class PoolGate {
  private active = 0
  private readonly waiting: { grant: () => void; timer: ReturnType<typeof setTimeout> }[] = []
  private head = 0

  constructor(
    private readonly slots: number,
    private readonly opts: PoolGateOptions,
  ) {}

  get queued(): number {
    return this.waiting.length - this.head
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await fn()
    } finally {
      release()
    }
  }

  acquire(): Promise<() => void> {
    if (this.active < this.slots && this.queued === 0) {
      this.active++
      return Promise.resolve(this.releaser())
    }
    if (this.queued >= this.opts.maxWaiting) {
      return Promise.reject(new ApiError('busy', `${this.opts.label} is busy: ${this.queued} calls are already waiting for a connection. Try again shortly.`))
    }
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer)
          resolve(this.releaser())
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry, this.head)
          if (i !== -1) this.waiting.splice(i, 1)
          reject(new ApiError('busy', `${this.opts.label} is busy: no connection became free within ${this.opts.maxWaitMs < 1000 ? `${this.opts.maxWaitMs} ms` : `${Math.round(this.opts.maxWaitMs / 1000)} s`}. Try again shortly.`))
        }, this.opts.maxWaitMs),
      }
      this.waiting.push(entry)
    })
  }

  private releaser(): () => void {
    let done = false
    return () => {
      if (done) return
      done = true
      const next = this.head < this.waiting.length ? this.waiting[this.head++] : undefined
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head)
        this.head = 0
      }
      // The slot passes straight to the next caller: `active` stays the same.
      if (next) next.grant()
      else this.active--
    }
  }
}
