import { AckPolicy, DeliverPolicy, jetstream, type JsMsg } from '@nats-io/jetstream'
import type { NatsConnection } from '@nats-io/nats-core'
import type { Bus, BusSubscription } from '../bus/bus'
import { decode } from '../bus/bus'
import { ensureStreams, streamNames } from '../bus/jetstream'
import type { Subjects } from '../bus/subjects'
import type * as D from '../../src-shared/types-data'
import type { RuntimeLogInput } from '../store/bulk'
import { isUrgent, runtimeLogRows } from './log-lines'
import { JetStreamBatches } from './jetstream-batches'
import { countWrite, writeApart, type LogSink } from './log-sink'

/**
 * What one aggregator takes from the bus and how a message becomes rows. The default is runtime
 * log lines (`<root>.runtime.log.*`); the logs service also runs one per build and asset-processing
 * log subject (log-sources.ts), each with its own durable consumer and table.
 */
export interface LogSource<R extends { level: D.LogLevel } = RuntimeLogInput> {
  /** one subject filter (NATS before 2.10 takes one per consumer) */
  subject: string
  /** the JetStream durable consumer's name, also the in-process queue group */
  durable: string
  /** seq: the JetStream stream sequence (a stable id across redeliveries), null in-process */
  toRows(data: unknown, meta: { subject: string; seq: number | null }): R[]
}

export interface LogAggregatorOptions<R extends { level: D.LogLevel } = RuntimeLogInput> {
  bus: Bus
  subjects: Subjects
  sink: LogSink<R>
  /** default: runtime log lines into slate_runtime_logs */
  source?: LogSource<R>
  /** lines per COPY; a full buffer is written at once (default 5000) */
  batchSize?: number
  /** longest a line waits when nothing urgent comes (default 5000 ms) */
  intervalMs?: number
  /** team mode: consume the LOGS stream with a durable consumer instead of a plain subscription */
  jetstream?: {
    nc: NatsConnection
    durable?: string
    /** how long the server waits for an ack before it redelivers (default 30 s) */
    ackWaitMs?: number
    /** COPY transactions at once (default 2: one is encoded and sent while the server takes the other) */
    writers?: number
  }
  /** solo mode: lines held in memory while the database fails, beyond this the oldest are dropped */
  maxBuffered?: number
  onError?: (err: unknown) => void
  /** a row the database refused as it is: dropped, the rest of its batch stored */
  onRejected?: (row: R, err: unknown) => void
}

/**
 * The log aggregator: runtime log lines from `slate.runtime.log.*` into slate_runtime_logs in
 * COPY batches — every intervalMs, when a batch is full, and at once when a warning or error
 * arrives (it is what someone is waiting to see).
 *
 * Team mode reads the JetStream LOGS stream with a durable consumer and acknowledges a message
 * only after its lines are committed. While PostgreSQL is down the batch is retried, its messages
 * kept in progress (working()) and no more are pulled, so lines published meanwhile stay in the
 * stream and are stored when it is back; a redelivery after a lost ack is absorbed by the line
 * ids (see PgLogSink). Batches are written by up to `writers` transactions at once and messages
 * acknowledged in line order (jetstream-batches.ts); a session's log reads in order by
 * (timestamp, id) whatever order the rows went in. Solo mode subscribes on the in-process bus and keeps failed batches in memory.
 */
export class LogAggregator<R extends { level: D.LogLevel } = RuntimeLogInput> {
  private buffer: R[] = []
  private batches: JetStreamBatches<R> | null = null
  private timer: NodeJS.Timeout | null = null
  private urgent = false
  private chain: Promise<void> = Promise.resolve()
  private sub: BusSubscription | null = null
  private stopConsuming: (() => Promise<void>) | null = null
  private stopped = false
  readonly counters = { received: 0, written: 0, duplicates: 0, orphans: 0, rejected: 0, dropped: 0, batches: 0, failures: 0 }
  private readonly batchSize: number
  private readonly intervalMs: number
  private readonly source: LogSource<R>

  constructor(private readonly o: LogAggregatorOptions<R>) {
    this.batchSize = o.batchSize ?? 5000
    this.intervalMs = o.intervalMs ?? 5000
    this.source = o.source ?? (runtimeLogSource(o.subjects) as unknown as LogSource<R>)
  }

  /** lines buffered or being written, not yet stored */
  get pending(): number {
    return this.batches ? this.batches.pending : this.buffer.length
  }

  async start(): Promise<void> {
    if (this.o.jetstream) await this.startJetStream(this.o.jetstream.nc, this.o.jetstream.durable ?? this.source.durable, this.ackWaitMs)
    else this.sub = this.o.bus.subscribe(this.source.subject, (m) => void this.accept(m.data, null, m.subject), { queue: this.source.durable })
    this.timer = setInterval(() => void this.flush(), this.intervalMs)
    this.timer.unref()
  }

  /** how long the server waits for an ack before it redelivers (what a crashed aggregator's successor waits) */
  private get ackWaitMs(): number {
    return this.o.jetstream?.ackWaitMs ?? 30_000
  }

  private async startJetStream(nc: NatsConnection, durable: string, ackWaitMs: number): Promise<void> {
    const jsm = await ensureStreams(nc, this.o.subjects)
    const stream = streamNames(this.o.subjects).logs
    try {
      await jsm.consumers.info(stream, durable)
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: durable,
        filter_subject: this.source.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        ack_wait: ackWaitMs * 1e6,
        max_ack_pending: 100_000,
      })
    }
    this.batches = new JetStreamBatches<R>({
      sink: this.o.sink,
      batchSize: this.batchSize,
      writers: Math.max(1, this.o.jetstream?.writers ?? 2),
      ackWaitMs,
      counters: this.counters,
      onError: this.o.onError,
      onRejected: this.o.onRejected,
      stopping: () => this.stopped,
    })
    const consumer = await jetstream(nc).consumers.get(stream, durable)
    // pulled ahead by bytes, not messages: a batch message carries up to 1000 lines, and 2000 of
    // them ahead would be ~400 MB of this process' heap
    const messages = await consumer.consume({ max_bytes: 8 * 1024 * 1024 })
    const done = (async () => {
      for await (const m of messages) {
        let data: unknown
        try {
          data = decode(m.string())
        } catch {
          m.term('not JSON')
          continue
        }
        await this.accept(data, m, m.subject)
      }
    })()
    this.stopConsuming = async () => {
      messages.stop()
      await done.catch(() => undefined)
    }
  }

  /** One bus message: a line or a batch of lines. In JetStream mode waits while every writer is busy. */
  private async accept(data: unknown, msg: JsMsg | null, subject: string): Promise<void> {
    const lines = this.source.toRows(data, { subject, seq: msg ? msg.seq : null })
    const urgent = lines.some((l) => isUrgent(l.level))
    this.counters.received += lines.length
    if (msg && this.batches) return this.batches.add(lines, msg, urgent)
    for (const l of lines) this.buffer.push(l)
    // in-process: write soon, collect the rest of this tick first
    if ((this.buffer.length >= this.batchSize || urgent) && !this.urgent) {
      this.urgent = true
      setImmediate(() => void this.flush())
    }
  }

  /** Write everything buffered so far (in order, one flush at a time). */
  flush(): Promise<void> {
    if (this.batches) return this.batches.flush()
    this.urgent = false
    this.chain = this.chain.then(() => this.writeBuffered())
    return this.chain
  }

  /** Solo mode: a failed batch stays buffered for the next flush (bounded: the oldest lines go first). */
  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const rows = this.buffer.splice(0, this.batchSize)
      try {
        countWrite(this.counters, await writeApart(this.o.sink, rows, this.o.onRejected))
      } catch (err) {
        this.counters.failures++
        this.o.onError?.(err)
        this.buffer.unshift(...rows)
        const over = this.buffer.length - (this.o.maxBuffered ?? 500_000)
        if (over > 0) {
          this.buffer.splice(0, over)
          this.counters.dropped += over
        }
        return
      }
    }
  }

  /** Stop taking lines, write what is buffered, acknowledge it. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.sub?.unsubscribe()
    if (this.stopConsuming) await this.stopConsuming()
    await this.flush()
    this.stopped = true
  }
}

/** Runtime log lines (`<root>.runtime.log.*`, a line or a batch of lines) into slate_runtime_logs. */
export function runtimeLogSource(S: Subjects): LogSource<RuntimeLogInput> {
  return {
    subject: S.runtimeLogAll(),
    durable: 'slate-log-aggregator',
    toRows: (data, meta) => runtimeLogRows(data, meta.seq),
  }
}
