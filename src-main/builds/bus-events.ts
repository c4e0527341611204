import type { BuildJobSummary, BuildLogEvent, BuildProgressEvent } from '../../src-shared/types-builds'
import type { Bus } from '../bus/bus'
import type { EntityEvent, Subjects } from '../bus/subjects'
import type { BuildEventSink } from './events'

/**
 * Publishes a build's progress and log on the bus (`<root>.build.<jobId>.progress` / `.log`, the
 * latter kept by JetStream's LOGS stream on NATS) and its end as the job row's `updated` event,
 * which is also what invalidates caches of the job.
 */
export function busEventSink(bus: Bus, subjects: Subjects, origin: string): BuildEventSink {
  return {
    progress: (ev) => bus.publish(subjects.buildProgress(ev.jobId), ev),
    log: (ev) => bus.publish(subjects.buildLog(ev.jobId), ev),
    finished: (job) => {
      const ev: EntityEvent = { kind: 'buildJob', id: job.id, change: 'updated', updatedAt: job.completedAt, origin }
      bus.publish(subjects.buildJob(job.id, 'updated'), ev)
    },
  }
}

/** Follow one build from anywhere on the bus (farm client, the UI of another machine). */
export function followBuild(
  bus: Bus,
  subjects: Subjects,
  jobId: string,
  on: { progress?(ev: BuildProgressEvent): void; log?(ev: BuildLogEvent): void; updated?(): void },
): () => void {
  const subs = [
    bus.subscribe<BuildProgressEvent>(subjects.buildProgress(jobId), (m) => on.progress?.(m.data)),
    bus.subscribe<BuildLogEvent>(subjects.buildLog(jobId), (m) => on.log?.(m.data)),
    bus.subscribe<EntityEvent>(subjects.buildJob(jobId, 'updated'), () => on.updated?.()),
  ]
  return () => subs.forEach((s) => s.unsubscribe())
}

export type { BuildJobSummary }
