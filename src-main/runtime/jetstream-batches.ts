import type { JsMsg } from '@nats-io/jetstream'
import { countWrite, writeApart, type LogSink, type WriteOutcome } from './log-sink'

export interface BatchCounters extends WriteOutcome {
  batches: number
  failures: number
}

export interface JetStreamBatchesOptions<R> {
  sink: LogSink<R>
  batchSize: number
  /** COPY transactions at once: one encodes and waits on the network while the server takes the other */
  writers: number
  ackWaitMs: number
  counters: BatchCounters
  onError?: (err: unknown) => void
  /** a row the database refused as it is (dropped) */
  onRejected?: (row: R, err: unknown) => void
  /** true once the aggregator is shutting down: a failing batch then gives up, unacknowledged */
  stopping: () => boolean
}

/**
 * Team mode's writer. Rows of JetStream messages are cut into batches and written by up to
 * `writers` transactions at once; a message is acknowledged only once every line up to its last
 * is committed (acks follow line order, whatever order the transactions finish in), so a crash
 * at any point leaves the unstored lines unacknowledged and the stream redelivers them. The order
 * rows are inserted in does not matter: a session's log is read by (timestamp, id).
 *
 * A batch that fails is retried until it succeeds (the database is down): meanwhile its messages
 * and all later ones are kept in progress (working()) and add() keeps the consume loop waiting,
 * so nothing more is pulled.
 */
export class JetStreamBatches<R> {
  private buffer: R[] = []
  /** messages not yet acknowledged, with the line count up to their last line */
  private held: { msg: JsMsg; end: number }[] = []
  private received = 0
  private dispatched = 0
  private inFlight = 0
  private inFlightRows = 0
  private lastAck: Promise<void> = Promise.resolve()
  private gaveUp = false
  private drainAll = false
  private waiters: (() => void)[] = []

  constructor(private readonly o: JetStreamBatchesOptions<R>) {}

  get pending(): number {
    return this.buffer.length + this.inFlightRows
  }

  /**
   * One message's rows. Resolves when the consume loop may take the next message: at once while
   * a writer is free, else when one is.
   */
  async add(rows: R[], msg: JsMsg, urgent: boolean): Promise<void> {
    for (const r of rows) this.buffer.push(r)
    this.received += rows.length
    this.held.push({ msg, end: this.received })
    if (urgent) this.drainAll = true
    this.dispatch()
    while (this.inFlight >= this.o.writers && this.buffer.length >= this.o.batchSize) await this.slot()
  }

  /** Write everything added so far; resolves once it is committed and acknowledged. */
  async flush(): Promise<void> {
    this.drainAll = true
    this.dispatch()
    while (this.buffer.length > 0 || this.inFlight > 0) {
      await this.slot()
      this.drainAll = true
      this.dispatch()
    }
    await this.lastAck
  }

  private slot(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  private dispatch(): void {
    while (this.inFlight < this.o.writers && (this.buffer.length >= this.o.batchSize || (this.drainAll && this.buffer.length > 0))) {
      const rows = this.buffer.splice(0, this.o.batchSize)
      const end = (this.dispatched += rows.length)
      this.inFlight++
      this.inFlightRows += rows.length
      const committed = this.write(rows)
      const prev = this.lastAck
      this.lastAck = (async () => {
        const ok = await committed
        await prev
        if (!ok) this.gaveUp = true
        if (this.gaveUp) return
        while (this.held.length > 0 && this.held[0].end <= end) this.held.shift()!.msg.ack()
      })()
      void committed.then(() => {
        this.inFlight--
        this.inFlightRows -= rows.length
        this.dispatch()
        for (const w of this.waiters.splice(0)) w()
      })
    }
    if (this.buffer.length === 0) this.drainAll = false
  }

  /** true once committed; false when it gave up because the aggregator is stopping */
  private async write(rows: R[]): Promise<boolean> {
    const c = this.o.counters
    for (let attempt = 0; ; attempt++) {
      try {
        countWrite(c, await writeApart(this.o.sink, rows, this.o.onRejected))
        return true
      } catch (err) {
        c.failures++
        this.o.onError?.(err)
        // shutting down: leave them unacknowledged, the stream redelivers to the next aggregator
        if (this.o.stopping()) return false
        for (const h of this.held) h.msg.working()
        // working() again well inside ack_wait, or the server redelivers what is held
        await new Promise((r) => setTimeout(r, Math.min(2000, this.o.ackWaitMs / 3, 100 * 2 ** attempt)))
      }
    }
  }
}
