import type Docker from 'dockerode'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import { TimestampedLineSplitter, type LogLineMessage } from './log-lines'

/**
 * Docker's multiplexed stream (Tty off): 8-byte frames [stream, 0, 0, 0, size(BE32)] then the
 * payload. Parsed here rather than with modem.demuxStream so a one-shot read (a Buffer) and a
 * followed stream go through the same code.
 */
export class DockerFrameReader {
  private pending = Buffer.alloc(0)
  constructor(private readonly onFrame: (stream: 'stdout' | 'stderr', data: Buffer) => void) {}

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4)
      if (buf.length < 8 + size) break
      this.onFrame(buf[0] === 2 ? 'stderr' : 'stdout', buf.subarray(8, 8 + size))
      buf = buf.subarray(8 + size)
    }
    this.pending = Buffer.from(buf)
  }
}

/**
 * Read a container's log (with Docker's timestamps) and publish it on the session's log subject
 * in batches, one message per chunk read. `sinceSec`: resume from that second (lines already
 * stored come again with the same ids and are skipped by the aggregator). follow=false reads what
 * is there and returns; follow=true returns when the container's output ends.
 */
export async function pumpContainerLogs(opts: {
  docker: Docker
  containerId: string
  sessionId: string
  bus: Bus
  subjects: Subjects
  follow: boolean
  sinceSec?: number
  onLines?: (lines: LogLineMessage[]) => void
  /** follow mode: stop following (the orchestrator is draining); a partial last line is left for the next reader */
  signal?: AbortSignal
}): Promise<number> {
  const c = opts.docker.getContainer(opts.containerId)
  const ranks = { ts: '', rank: 0 }
  const splitters = {
    stdout: new TimestampedLineSplitter(opts.sessionId, opts.containerId, 'stdout', ranks),
    stderr: new TimestampedLineSplitter(opts.sessionId, opts.containerId, 'stderr', ranks),
  }
  let total = 0
  const subject = opts.subjects.runtimeLog(opts.sessionId)
  const publish = (lines: LogLineMessage[]) => {
    if (!lines.length) return
    total += lines.length
    // bounded message size: NATS' default max payload is 1 MiB
    for (let i = 0; i < lines.length; i += 1000) opts.bus.publish(subject, { lines: lines.slice(i, i + 1000) })
    opts.onLines?.(lines)
  }
  const reader = new DockerFrameReader((stream, data) => publish(splitters[stream].push(data.toString('utf8'))))
  const common = { stdout: true, stderr: true, timestamps: true, since: opts.sinceSec ?? 0 }
  if (opts.follow) {
    const stream = (await c.logs({ ...common, follow: true })) as NodeJS.ReadableStream
    let onAbort = () => undefined as void
    await new Promise<void>((resolve, reject) => {
      onAbort = () => {
        ;(stream as NodeJS.ReadableStream & { destroy?(): void }).destroy?.()
        resolve()
      }
      if (opts.signal?.aborted) return onAbort()
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      stream.on('data', (chunk: Buffer) => reader.push(chunk))
      stream.on('end', resolve)
      stream.on('close', resolve)
      stream.on('error', (err) => (opts.signal?.aborted ? resolve() : reject(err)))
    }).finally(() => opts.signal?.removeEventListener('abort', onAbort))
    // (the signal is the orchestrator's, alive for all its sessions: a listener left on it would
    // keep each ended container's stream and reader reachable)
    if (opts.signal?.aborted) return total
  } else {
    const buf = (await c.logs({ ...common, follow: false })) as unknown as Buffer
    reader.push(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf)))
  }
  publish([...splitters.stdout.flush(), ...splitters.stderr.flush()])
  return total
}
