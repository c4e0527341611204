import type { RuntimeStatsSample } from '../../src-shared/types-runtime'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { RuntimeOrchestrator } from './orchestrator'

/**
 * Samples the sessions an orchestrator follows (one instance per session, its lease) and
 * publishes each sample on `<root>.runtime.<id>.stats`: the UIs chart them, the analytics service
 * stores them. One sampler per session however many UIs watch it.
 */
export class StatsSampler {
  private readonly timer: NodeJS.Timeout
  private busy = false

  constructor(private readonly o: { orch: RuntimeOrchestrator; bus: Bus; subjects: Subjects; everyMs: number }) {
    this.timer = setInterval(() => void this.sample(), o.everyMs)
    this.timer.unref()
  }

  private async sample(): Promise<void> {
    if (this.busy) return // the engine is slow to answer: skip a beat rather than pile up
    this.busy = true
    try {
      await Promise.all(
        this.o.orch.followed().map(async (id) => {
          const st = await this.o.orch.stats(id).catch(() => null) // stopping or gone: the follower records it
          if (!st) return
          const sample: RuntimeStatsSample = { sessionId: id, at: Date.now(), cpuPercent: st.cpuPercent, memoryUsedBytes: st.memoryUsedBytes, memoryLimitBytes: st.memoryLimitBytes, netRxBytes: st.netRxBytes, netTxBytes: st.netTxBytes, pids: st.pids }
          this.o.bus.publish(this.o.subjects.runtimeEvent(id, 'stats'), sample)
        }),
      )
    } finally {
      this.busy = false
    }
  }

  stop(): void {
    clearInterval(this.timer)
  }
}
