import { randomUUID } from 'node:crypto'
import type * as D from '../../src-shared/types-data'
import type { Bus, BusSubscription } from '../bus/bus'
import type { ContainerRequest, Subjects } from '../bus/subjects'
import type { ContainerStats } from './container-stats'
import type { ExecResult } from './exec'
import type { RuntimeOrchestrator, StartRequest } from './orchestrator'

type Reply<T> = { ok: true; result: T } | { ok: false; error: string; code?: string }

const VERBS: ContainerRequest[] = ['start', 'stop', 'restart', 'execute', 'stats']

/**
 * The orchestrator on the bus: request/reply on `<root>.container.<verb>.<sessionId>`, in a queue
 * group so that several instances (on one Docker host) share the requests. Errors travel as
 * `{ ok: false, error, code }` so a client tells "refused" from "nobody answered".
 */
export function serveOrchestrator(
  bus: Bus,
  S: Subjects,
  orch: RuntimeOrchestrator,
  queue = 'slate-container',
  onAnswered?: (verb: ContainerRequest) => void,
): { stop(): void; inFlight(): number; drain(): Promise<void> } {
  let inFlight = 0
  let idle: (() => void) | null = null
  const subs: BusSubscription[] = VERBS.map((verb) =>
    bus.subscribe(
      S.containerRequestAll(verb),
      async (msg) => {
        const sessionId = msg.subject.slice(msg.subject.lastIndexOf('.') + 1)
        const data = (msg.data ?? {}) as Record<string, unknown>
        inFlight++
        try {
          let result: unknown
          if (verb === 'start') result = await orch.start({ ...(data as unknown as StartRequest), sessionId })
          else if (verb === 'stop') result = await orch.stop(sessionId)
          else if (verb === 'restart') result = await orch.restart(sessionId)
          else if (verb === 'execute') result = await orch.exec(sessionId, data.cmd as string[])
          else result = await orch.stats(sessionId)
          msg.respond({ ok: true, result })
        } catch (err) {
          msg.respond({ ok: false, error: err instanceof Error ? err.message : String(err), code: (err as { code?: string }).code })
        } finally {
          inFlight--
          onAnswered?.(verb)
          if (inFlight === 0) idle?.()
        }
      },
      { queue },
    ),
  )
  const stop = () => subs.forEach((s) => s.unsubscribe())
  return {
    stop,
    inFlight: () => inFlight,
    /** stop taking requests, then wait for the ones being answered, then stop following containers */
    async drain() {
      stop()
      await bus.flush().catch(() => undefined) // the unsubscribes reach the server: no new request comes here
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve))
      await orch.detach()
    },
  }
}

export class RuntimeRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'RuntimeRequestError'
  }
}

/** What the CLI and the UI use: the orchestrator through the bus, wherever it runs. */
export class RuntimeClient {
  constructor(
    private readonly bus: Bus,
    private readonly S: Subjects,
  ) {}

  private async call<T>(verb: ContainerRequest, sessionId: string, data: unknown, timeoutMs: number): Promise<T> {
    const r = await this.bus.request<Reply<T>>(this.S.containerRequest(verb, sessionId), data, { timeoutMs })
    if (!r.ok) throw new RuntimeRequestError(r.error, r.code)
    return r.result
  }

  start(req: Omit<StartRequest, 'sessionId'> & { sessionId?: string }): Promise<D.RuntimeSession> {
    const sessionId = req.sessionId ?? randomUUID()
    return this.call('start', sessionId, { ...req, sessionId }, 120_000)
  }
  stop(sessionId: string): Promise<D.RuntimeSession> {
    return this.call('stop', sessionId, {}, 60_000)
  }
  restart(sessionId: string): Promise<D.RuntimeSession> {
    return this.call('restart', sessionId, {}, 120_000)
  }
  /** onOutput hears the command's output as it comes (events on slate.runtime.<id>.exec). */
  async exec(sessionId: string, cmd: string[], onOutput?: (stream: 'stdout' | 'stderr', text: string) => void): Promise<ExecResult> {
    const sub = onOutput ? this.bus.subscribe<{ stream: 'stdout' | 'stderr'; text: string }>(this.S.runtimeEvent(sessionId, 'exec'), (m) => onOutput(m.data.stream, m.data.text)) : null
    try {
      const r = await this.call<ExecResult>('execute', sessionId, { cmd }, 600_000)
      await this.bus.flush()
      return r
    } finally {
      sub?.unsubscribe()
    }
  }
  stats(sessionId: string): Promise<ContainerStats & { sessionId: string }> {
    return this.call('stats', sessionId, {}, 15_000)
  }
}
