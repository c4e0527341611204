import type Docker from 'dockerode'
import os from 'node:os'
import path from 'node:path'
import type * as D from '../../src-shared/types-data'
import { projectIdForRoot } from '../store/project-id'
import { computeStats, type ContainerStats, type DockerStatsSample } from './container-stats'
import { pumpContainerLogs } from './docker-logs'
import { execInContainer, type ExecResult } from './exec'
import { FollowLeases } from './follow-leases'
import { ensureImage } from './image-pull'
import { explainDockerError, type OrchestratorOptions, type ReconcileOutcome, type StartRequest } from './orchestrator-options'
import { checkSessionConfig, containerOptions, networkName, recheckMounts, SESSION_LABEL, type SessionConfig } from './session-config'

export type { OrchestratorOptions, ReconcileOutcome, StartRequest } from './orchestrator-options'

const ACTIVE: D.RuntimeStatus[] = ['pending', 'starting', 'running', 'stopping']

/**
 * Runtime sessions in containers. The session row is the truth: its container_config is what
 * restart (or another orchestrator after a crash) makes again; container_id points at the
 * container of the moment. Containers are removed when they stop (their log is in the database by
 * then), and so is the session's network.
 */
export class RuntimeOrchestrator {
  private readonly pumps = new Map<string, { done: Promise<void>; abort: AbortController }>()
  private readonly stopping = new Set<string>()
  /** sessions being launched here: their lease is held (and renewed) while the image comes and the container starts */
  private readonly launching = new Set<string>()
  /** set by detach(): the pumps stop following, the containers keep running */
  private detached = false
  /** held when following; a process that does not follow (the CLI) only reads them, to leave the followers' sessions alone */
  readonly leases: FollowLeases

  constructor(private readonly o: OrchestratorOptions) {
    this.leases = o.leases ?? new FollowLeases(o.db)
  }

  /** The sessions whose containers this instance follows now. */
  followed(): string[] {
    return [...this.pumps.keys()]
  }

  private async ensureProject(root: string): Promise<string> {
    const id = projectIdForRoot(root)
    const found = await this.o.store.projects.get(id, { includeDeleted: true })
    if (found && !found.deletedAt) return id
    if (found) await this.o.store.projects.restore(id)
    else await this.o.store.projects.create({ id, name: path.basename(root).slice(0, 256) || 'project', ownerId: os.userInfo().username, settings: { root } })
    return id
  }

  async get(sessionId: string): Promise<D.RuntimeSession> {
    const s = await this.o.store.runtimeSessions.get(sessionId)
    if (!s) throw Object.assign(new Error(`no runtime session ${sessionId}`), { code: 'not_found' })
    return s
  }

  async start(req: StartRequest): Promise<D.RuntimeSession> {
    const config = checkSessionConfig(req, this.o.mountRoots ?? null)
    const projectId = await this.ensureProject(config.projectRoot)
    await this.o.store.runtimeSessions.create({
      id: req.sessionId,
      projectId,
      userId: req.userId ?? os.userInfo().username,
      runtimeType: config.runtimeType,
      status: 'starting',
      containerConfig: config as unknown as D.JsonObject,
    })
    return this.launch(req.sessionId, config)
  }

  /** Create and start the session's container from its config; the row records the outcome. */
  private async launch(sessionId: string, config: SessionConfig): Promise<D.RuntimeSession> {
    const { docker } = this.o
    let container: Docker.Container | null = null
    // held from before the container exists: another instance's reconcile leaves this start alone
    if (this.o.follow) await this.leases.claim(sessionId)
    this.launching.add(sessionId)
    try {
      await ensureImage(docker, config.image, this.o.registry ?? { env: process.env })
      if (config.network) {
        await docker.createNetwork({ Name: networkName(sessionId), Driver: 'bridge', Labels: { [SESSION_LABEL]: sessionId } }).catch((err) => {
          if ((err as { statusCode?: number }).statusCode !== 409) throw err
        })
      }
      recheckMounts(config)
      container = await docker.createContainer(containerOptions(sessionId, config))
      await container.start()
      const row = await this.o.store.runtimeSessions.update(sessionId, { status: 'running', containerId: container.id, startedAt: new Date().toISOString(), stoppedAt: null, errorMessage: null })
      this.o.bus.publish(this.o.subjects.runtimeEvent(sessionId, 'started'), { sessionId, containerId: container.id })
      if (this.o.follow) this.watch(sessionId, container.id, 0)
      return row!
    } catch (err) {
      await this.leases.release(sessionId).catch(() => undefined)
      const message = explainDockerError(err)
      await container?.remove({ force: true }).catch(() => undefined)
      await this.removeNetwork(sessionId)
      const row = await this.o.store.runtimeSessions.update(sessionId, { status: 'failed', errorMessage: message, stoppedAt: null })
      this.o.bus.publish(this.o.subjects.runtimeEvent(sessionId, 'failed'), { sessionId, error: message })
      throw Object.assign(new Error(message), { code: 'start_failed', session: row })
    } finally {
      this.launching.delete(sessionId)
    }
  }

  /** Follow a container's output until it ends, then record how it ended. */
  private watch(sessionId: string, containerId: string, sinceSec: number): void {
    if (this.pumps.has(sessionId) || this.detached) return
    const abort = new AbortController()
    const done = (async () => {
      try {
        await pumpContainerLogs({ docker: this.o.docker, containerId, sessionId, bus: this.o.bus, subjects: this.o.subjects, follow: true, sinceSec, signal: abort.signal })
        if (!abort.signal.aborted) await this.finish(sessionId, containerId)
      } catch (err) {
        console.error(`slate: runtime session ${sessionId}: ${explainDockerError(err)}`)
      } finally {
        this.pumps.delete(sessionId)
        await this.leases.release(sessionId).catch(() => undefined)
      }
    })()
    this.pumps.set(sessionId, { done, abort })
  }

  /**
   * Renew the leases of the sessions followed here; stop following any taken over meanwhile
   * (this instance stalled past the lease and another adopted it). Call every ttl/3.
   */
  async heartbeat(): Promise<void> {
    for (const lost of await this.leases.renew([...this.followed(), ...this.launching])) this.pumps.get(lost)?.abort.abort()
  }

  /** The container has stopped: read its exit, update the row, remove container and network. */
  private async finish(sessionId: string, containerId: string): Promise<D.RuntimeSession | null> {
    const c = this.o.docker.getContainer(containerId)
    let exitCode: number | null = null
    let oom = false
    try {
      const info = await c.inspect()
      if (info.State.Running) return null
      exitCode = info.State.ExitCode
      oom = info.State.OOMKilled
    } catch {
      /* gone already */
    }
    // read past the cache (includeDeleted does): another instance's "stopping" must be seen here
    const fresh = await this.o.store.runtimeSessions.get(sessionId, { includeDeleted: true })
    const current = fresh && !fresh.deletedAt ? fresh : null
    // asked to stop here, or by another instance (stop() marks the row "stopping" first): the
    // follower that sees the container end may not be the instance that stopped it
    const asked = this.stopping.delete(sessionId) || current?.status === 'stopping'
    const failed = !asked && (exitCode === null || exitCode !== 0 || oom)
    const error = failed ? (oom ? 'killed: out of memory (the session’s memory limit)' : exitCode === null ? 'the container disappeared' : `exited with code ${exitCode}`) : null
    // removed before the row says how it ended: whoever reads "stopped"/"failed" finds it gone
    await c.remove({ force: true }).catch(() => undefined)
    if (!current || current.containerId === containerId) await this.removeNetwork(sessionId)
    let row = current
    // a restart may already have replaced this container: only the current one decides the status;
    // and the end is recorded once — the instance that stopped it and the one that followed it
    // both get here, and the second must not turn "stopped" into "failed"
    if (current && current.containerId === containerId && current.status !== 'stopped' && current.status !== 'failed') {
      row = await this.o.store.runtimeSessions.update(sessionId, {
        status: failed ? 'failed' : 'stopped',
        stoppedAt: new Date().toISOString(),
        errorMessage: error,
        metadata: { ...current.metadata, exitCode, oomKilled: oom },
      })
      this.o.bus.publish(this.o.subjects.runtimeEvent(sessionId, failed ? 'failed' : 'stopped'), { sessionId, exitCode, error })
    }
    return row
  }

  private async removeNetwork(sessionId: string): Promise<void> {
    await this.o.docker.getNetwork(networkName(sessionId)).remove().catch(() => undefined)
  }

  /** Seconds since the epoch of the session's last stored line (where a re-read resumes). */
  private async lastStoredSecond(sessionId: string): Promise<number> {
    const r = await this.o.db.query<{ t: string | null }>('SELECT floor(extract(epoch FROM max("timestamp")))::bigint::text AS t FROM slate_runtime_logs WHERE session_id = $1', [sessionId])
    return r.rows[0]?.t ? Number(r.rows[0].t) : 0
  }

  /** Non-following mode: publish what the container printed since the last stored line. */
  async catchUp(sessionId: string): Promise<number> {
    const s = await this.get(sessionId)
    if (!s.containerId) return 0
    return pumpContainerLogs({ docker: this.o.docker, containerId: s.containerId, sessionId, bus: this.o.bus, subjects: this.o.subjects, follow: false, sinceSec: await this.lastStoredSecond(sessionId) }).catch(() => 0)
  }

  async stop(sessionId: string): Promise<D.RuntimeSession> {
    const s = await this.get(sessionId)
    if (!ACTIVE.includes(s.status) || !s.containerId) return s
    this.stopping.add(sessionId)
    await this.o.store.runtimeSessions.update(sessionId, { status: 'stopping' })
    const c = this.o.docker.getContainer(s.containerId)
    await c.stop({ t: 5 }).catch((err) => {
      if ((err as { statusCode?: number }).statusCode !== 304 && (err as { statusCode?: number }).statusCode !== 404) throw err
    })
    await c.wait().catch(() => undefined)
    const pump = this.pumps.get(sessionId)
    if (pump) await pump.done
    else {
      await this.catchUp(sessionId)
      await this.finish(sessionId, s.containerId)
    }
    return this.get(sessionId)
  }

  /** Stop the session's container if it runs, then start a new one from the stored config. */
  async restart(sessionId: string): Promise<D.RuntimeSession> {
    const s = await this.stop(sessionId)
    const config = s.containerConfig as unknown as SessionConfig
    // checked again: the project may have changed since (a mounted folder replaced by a link)
    const checked = checkSessionConfig({ ...config, mounts: config.mounts }, this.o.mountRoots ?? null)
    await this.o.store.runtimeSessions.update(sessionId, { status: 'starting', errorMessage: null, metadata: { ...s.metadata, restarts: Number(s.metadata.restarts ?? 0) + 1 } })
    return this.launch(sessionId, checked)
  }

  async exec(sessionId: string, cmd: string[], onOutput?: (stream: 'stdout' | 'stderr', text: string) => void): Promise<ExecResult> {
    const s = await this.get(sessionId)
    if (s.status !== 'running' || !s.containerId) throw Object.assign(new Error(`session ${sessionId} is ${s.status}, not running`), { code: 'not_running' })
    return execInContainer(this.o.docker.getContainer(s.containerId), cmd, (stream, text) => {
      this.o.bus.publish(this.o.subjects.runtimeEvent(sessionId, 'exec'), { sessionId, stream, text })
      onOutput?.(stream, text)
    })
  }

  async stats(sessionId: string): Promise<ContainerStats & { sessionId: string }> {
    const s = await this.get(sessionId)
    if (s.status !== 'running' || !s.containerId) throw Object.assign(new Error(`session ${sessionId} is ${s.status}, not running`), { code: 'not_running' })
    const sample = (await this.o.docker.getContainer(s.containerId).stats({ stream: false })) as unknown as DockerStatsSample
    return { sessionId, ...computeStats(sample) }
  }

  /**
   * At start: sessions the database says are active are checked against the engine. A running
   * container is followed again (from its last stored line); one created but never started (the
   * orchestrator died between create and start) is started, as asked; a stopped one is recorded
   * and removed; a missing one fails the session. Containers of this database's sessions that are
   * not active (a crash between stop and cleanup) are removed. Containers of sessions this
   * database does not know are left alone: a Docker engine may serve several SLATEs.
   *
   * Sessions another live instance follows (it holds their lease) are left to it; a following
   * instance calls this periodically, so it adopts the sessions of an instance that died.
   */
  async reconcile(): Promise<ReconcileOutcome> {
    const out = { followed: [] as string[], finished: [] as string[], removed: 0, othersFollow: 0 }
    const active = (await this.o.store.runtimeSessions.list({ status: ACTIVE, limit: 1000 })).items.filter((s) => !this.pumps.has(s.id) && !this.launching.has(s.id))
    const byId = new Map(active.map((s) => [s.id, s]))
    // asked once per session (a session may have an older container beside its current one)
    const decided = new Map<string, Promise<boolean>>()
    const mine = (sid: string) => decided.get(sid) ?? decided.set(sid, this.mayTakeOver(sid)).get(sid)!
    const containers = await this.o.docker.listContainers({ all: true, filters: { label: [SESSION_LABEL] } })
    for (const info of containers) {
      const sid = info.Labels[SESSION_LABEL]
      if (this.pumps.has(sid) || this.launching.has(sid)) continue
      const s = byId.get(sid)
      if (!s) {
        // a session this database does not know is another SLATE's (a shared engine), one active
        // now was started since the list above: neither is ours to remove. An ended one's is.
        const row = await this.o.store.runtimeSessions.get(sid, { includeDeleted: true }).catch(() => null)
        if (!row || ACTIVE.includes(row.status)) continue
        await this.o.docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined)
        out.removed++
        continue
      }
      if (!(await mine(sid))) continue
      if (s.containerId !== info.Id) {
        if ((s.status === 'starting' || s.status === 'pending') && !s.containerId) {
          // the session's start created this container and crashed before recording it
          await this.o.store.runtimeSessions.update(sid, { containerId: info.Id })
          s.containerId = info.Id
        } else {
          // an older container of a restarted session
          await this.o.docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined)
          out.removed++
          continue
        }
      }
      let state = info.State
      if (state === 'created' && s.status === 'starting') state = (await this.startCreated(info.Id)) ? 'running' : state
      if (state === 'running') {
        if (s.status !== 'running') {
          await this.o.store.runtimeSessions.update(sid, { status: 'running', startedAt: s.startedAt ?? new Date().toISOString(), stoppedAt: null, errorMessage: null })
          this.o.bus.publish(this.o.subjects.runtimeEvent(sid, 'started'), { sessionId: sid, containerId: info.Id })
        }
        if (this.o.follow) this.watch(sid, info.Id, await this.lastStoredSecond(sid))
        else await this.catchUp(sid)
        out.followed.push(sid)
        byId.delete(sid)
      } else {
        await this.catchUp(sid)
        await this.finish(sid, info.Id)
        await this.leases.release(sid)
        out.finished.push(sid)
        byId.delete(sid)
      }
    }
    for (const s of byId.values()) {
      if (this.pumps.has(s.id)) continue
      // a start on its way elsewhere (no container yet: its lease is held), or a follower that will see it end
      if (!(await mine(s.id))) continue
      await this.o.store.runtimeSessions.update(s.id, { status: 'failed', errorMessage: 'the container is gone (the orchestrator stopped while the session ran)', stoppedAt: new Date().toISOString() })
      this.o.bus.publish(this.o.subjects.runtimeEvent(s.id, 'failed'), { sessionId: s.id, error: 'the container is gone' })
      await this.removeNetwork(s.id)
      await this.leases.release(s.id)
      out.finished.push(s.id)
    }
    for (const [, ok] of decided) if (!(await ok)) out.othersFollow++
    return out
  }

  /**
   * Whether this instance may act on a session found at reconcile: a follower takes its lease
   * (free or lapsed); a non-following process (the CLI) only when no live follower holds it.
   */
  private async mayTakeOver(sessionId: string): Promise<boolean> {
    if (this.o.follow) return this.leases.claim(sessionId)
    return !(await this.leases.holder(sessionId))
  }

  /**
   * What a following instance runs while it serves: its leases renewed every third of their
   * lifetime, and a reconcile every lifetime, which adopts the sessions of an instance that
   * stopped renewing (it died). Returns the stop.
   */
  keepFollowing(on: { pass?: (r: ReconcileOutcome) => void; error?: (err: unknown) => void } = {}): () => void {
    const ttl = this.leases.ttlMs
    const timers = [
      setInterval(() => void this.heartbeat().catch(() => undefined), ttl / 3),
      setInterval(() => void this.reconcile().then(on.pass, on.error ?? (() => undefined)), ttl),
    ]
    for (const t of timers) t.unref()
    return () => timers.forEach(clearInterval)
  }

  /** Start a container left in "created"; true when it runs (also when its start was already on the way). */
  private async startCreated(containerId: string): Promise<boolean> {
    const c = this.o.docker.getContainer(containerId)
    await c.start().catch((err) => {
      if ((err as { statusCode?: number }).statusCode !== 304) console.error(`slate: runtime: starting container ${containerId}: ${explainDockerError(err)}`)
    })
    return (await c.inspect().catch(() => null))?.State.Running ?? false
  }

  /** Sessions of a project (or all), newest first. */
  async list(opts: { projectRoot?: string; limit?: number } = {}): Promise<D.RuntimeSession[]> {
    const filter = opts.projectRoot ? { projectId: projectIdForRoot(path.resolve(opts.projectRoot)) } : {}
    return (await this.o.store.runtimeSessions.list({ ...filter, limit: opts.limit ?? 100 })).items
  }

  /**
   * Stop following containers without touching them (a draining `slate services`): they are the
   * sessions', and the next orchestrator's reconcile() follows them again from the last stored line.
   */
  async detach(): Promise<void> {
    this.detached = true
    // released as each pump ends (watch()): another instance's next reconcile adopts the sessions
    for (const p of this.pumps.values()) p.abort.abort()
    await this.idle()
  }

  /** Wait for the log pumps (they end when their containers stop). */
  async idle(): Promise<void> {
    await Promise.all([...this.pumps.values()].map((p) => p.done))
  }
}
