/**
 * Every subject SLATE publishes or subscribes to is built here, never by string concatenation at
 * a call site: one place to read the whole namespace, and ids are checked to be single tokens so
 * that an id can never smuggle a `.`, `*` or `>` into a subject.
 *
 * The root is "slate" in the app; tests and benches use their own root so they can share a NATS
 * server (and JetStream streams, whose subjects may not overlap) with other runs.
 *
 * Layout:
 *   <root>.project.<id>.<change>           change: created | updated | deleted | restored
 *   <root>.file.<id>.<change>
 *   <root>.asset.<id>.<change>
 *   <root>.asset.batch.<batchId>.progress  asset processing: per file and in total (4 tokens: not an entity change)
 *   <root>.asset.batch.<batchId>.log       asset processing log lines
 *   <root>.runtime.session.<id>.<change>
 *   <root>.runtime.log.<sessionId>          live log lines of a running game (JetStream: LOGS)
 *   <root>.build.<jobId>.<change>           the job row changed
 *   <root>.build.<jobId>.progress           { progress, step } while it runs
 *   <root>.build.<jobId>.log                build log lines (JetStream: LOGS)
 *   <root>.container.<verb>.<id>            verb: start | stop | exited
 *   <root>.link.<route>.up.<conn>          a relayed player's messages to the SLATE holding its token
 *   <root>.link.<route>.down.<conn>        that SLATE's messages back to the player (via the relay)
 *   <root>.container.<verb>.<id>            verb: start | stop | exited (events), and the
 *                                           orchestrator's requests start | stop | restart |
 *                                           execute | stats on the session id (request/reply)
 *   <root>.runtime.<sessionId>.<event>      orchestrator events: started | stopped | failed | exec;
 *                                           stats: resource samples the UI core takes (analytics stores them)
 *   <root>.asset.<id>.log                   asset-processing log lines (JetStream: LOGS, like the batch log)
 *   <root>.services.status                  every running `slate services` answers with its services' health
 *   <root>.queue.build.<target>             farm work queue (JetStream: BUILD_QUEUE). Not under
 *                                           <root>.build: a work-queue stream's subjects must not
 *                                           overlap the LOGS stream's <root>.build.*.log.
 *   <root>.queue.asset.<pool>               asset-processing batches for `slate services --only asset`
 *                                           (JetStream: ASSET_QUEUE); pool "default" unless a team
 *                                           splits its asset workers
 */

export type EntityChange = 'created' | 'updated' | 'deleted' | 'restored'
export type ContainerVerb = 'start' | 'stop' | 'exited'
/** Requests the container orchestrator answers, addressed by runtime session id. */
export type ContainerRequest = 'start' | 'stop' | 'restart' | 'execute' | 'stats'
export type RuntimeEventName = 'started' | 'stopped' | 'failed' | 'exec' | 'stats'

/** The tables whose changes are announced on the bus (and drive cache invalidation). */
export type EntityKind = 'project' | 'file' | 'asset' | 'runtimeSession' | 'buildJob'

function token(value: string, what: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error(`${what} "${value}" cannot be a subject token`)
  return value
}

export function createSubjects(root = 'slate') {
  for (const t of root.split('.')) token(t, 'subject root')
  const entityPrefix: Record<EntityKind, string> = {
    project: `${root}.project`,
    file: `${root}.file`,
    asset: `${root}.asset`,
    runtimeSession: `${root}.runtime.session`,
    buildJob: `${root}.build`,
  }
  return {
    root,
    /** a row of `kind` changed */
    entity: (kind: EntityKind, id: string, change: EntityChange) => `${entityPrefix[kind]}.${token(id, 'id')}.${change}`,
    /** every change of every row of `kind` (cache invalidation subscribes here) */
    entityAll: (kind: EntityKind) => `${entityPrefix[kind]}.*.*`,
    project: (id: string, change: EntityChange) => `${root}.project.${token(id, 'project id')}.${change}`,
    projectAll: () => `${root}.project.>`,
    file: (id: string, change: EntityChange) => `${root}.file.${token(id, 'file id')}.${change}`,
    asset: (id: string, change: EntityChange) => `${root}.asset.${token(id, 'asset id')}.${change}`,
    assetBatchProgress: (batchId: string) => `${root}.asset.batch.${token(batchId, 'batch id')}.progress`,
    assetBatchLog: (batchId: string) => `${root}.asset.batch.${token(batchId, 'batch id')}.log`,
    assetBatchAll: () => `${root}.asset.batch.>`,
    assetBatchLogAll: () => `${root}.asset.batch.*.log`,
    assetBatchProgressAll: () => `${root}.asset.batch.*.progress`,
    runtimeSession: (id: string, change: EntityChange) => `${root}.runtime.session.${token(id, 'session id')}.${change}`,
    runtimeLog: (sessionId: string) => `${root}.runtime.log.${token(sessionId, 'session id')}`,
    runtimeLogAll: () => `${root}.runtime.log.*`,
    buildJob: (jobId: string, change: EntityChange) => `${root}.build.${token(jobId, 'job id')}.${change}`,
    buildProgress: (jobId: string) => `${root}.build.${token(jobId, 'job id')}.progress`,
    buildLog: (jobId: string) => `${root}.build.${token(jobId, 'job id')}.log`,
    /** everything about one build: its row changes, progress and log */
    buildAllOf: (jobId: string) => `${root}.build.${token(jobId, 'job id')}.*`,
    buildLogAll: () => `${root}.build.*.log`,
    buildProgressAll: () => `${root}.build.*.progress`,
    container: (verb: ContainerVerb, id: string) => `${root}.container.${verb}.${token(id, 'container id')}`,
    containerAll: () => `${root}.container.>`,
    /** live link of a player elsewhere, relayed over NATS (src-main/link/link-peer.ts): route = hash of the token */
    linkUp: (route: string, conn: string) => `${root}.link.${token(route, 'link route')}.up.${token(conn, 'connection id')}`,
    linkUpAll: (route: string) => `${root}.link.${token(route, 'link route')}.up.*`,
    linkDown: (route: string, conn: string) => `${root}.link.${token(route, 'link route')}.down.${token(conn, 'connection id')}`,
    /** a request to the orchestrator about one runtime session */
    containerRequest: (verb: ContainerRequest, sessionId: string) => `${root}.container.${verb}.${token(sessionId, 'session id')}`,
    /** every request of one verb (the orchestrator subscribes here, in a queue group) */
    containerRequestAll: (verb: ContainerRequest) => `${root}.container.${verb}.*`,
    runtimeEvent: (sessionId: string, event: RuntimeEventName) => `${root}.runtime.${token(sessionId, 'session id')}.${event}`,
    /** one event of every session (the analytics service subscribes here) */
    runtimeEventAll: (event: RuntimeEventName) => `${root}.runtime.*.${event}`,
    runtimeEventsOf: (sessionId: string) => `${root}.runtime.${token(sessionId, 'session id')}.*`,
    assetLog: (assetId: string) => `${root}.asset.${token(assetId, 'asset id')}.log`,
    assetLogAll: () => `${root}.asset.*.log`,
    /** request: each running `slate services` instance answers (no queue group) with its status */
    servicesStatus: () => `${root}.services.status`,
    /** where the instances send their answers to one status request (scatter-gather) */
    servicesStatusReply: (requestId: string) => `${root}.services.status.reply.${token(requestId, 'request id')}`,
    buildQueue: (target: string) => `${root}.queue.build.${token(target, 'build target')}`,
    buildQueueAll: () => `${root}.queue.build.*`,
    assetQueue: (pool: string) => `${root}.queue.asset.${token(pool, 'asset pool')}`,
    assetQueueAll: () => `${root}.queue.asset.*`,
  }
}

export type Subjects = ReturnType<typeof createSubjects>

/** The app's subjects. */
export const subjects: Subjects = createSubjects('slate')

/** JSON payload of `entity(kind, id, change)` events. */
export interface EntityEvent {
  kind: EntityKind
  id: string
  change: EntityChange
  /** updated_at of the row after the change */
  updatedAt: string | null
  /** the client that made the change, so it can ignore its own echo where that matters */
  origin: string
}

export interface BuildProgressEvent {
  jobId: string
  progress: number
  step?: string
}
