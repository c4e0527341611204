/**
 * The team container orchestrator (request/reply on NATS, following containers' logs onto the
 * bus) in a process of its own, for the fault tests that SIGKILL it while a session starts. As
 * the container service does, it reconciles at start and then every lease period (adopting the
 * sessions whose follower stopped renewing), and renews its leases every third of it; the period
 * is SLATE_TEST_LEASE_TTL_MS (default 1000 ms, so a killed instance's sessions free up quickly).
 * Reports on stdout, one JSON line each:
 *   {"event":"reconciled","followed":[…],"finished":[…],"removed":n}   a pass that did something
 *   {"event":"ready"}                                                  after the first pass
 *   {"event":"pass","othersFollow":n,"following":[…]}                 after every pass
 *   {"event":"owner","owner":"…"}                                      the name its leases carry
 *   {"event":"stopped"}       after SIGTERM
 * SLATE_TEST_DIE=before-create | before-start | after-start kills the process itself at that point
 * of a start (the row says "starting" in all three; the container does not exist / exists but was
 * never started / runs but is not recorded): moments no outside observer can hit reliably.
 */
import { randomUUID } from 'node:crypto'
import Docker from 'dockerode'
import { NatsBus } from '../../src-main/bus/nats-bus'
import { createSubjects } from '../../src-main/bus/subjects'
import { MemoryCache } from '../../src-main/cache/memory-cache'
import { FollowLeases } from '../../src-main/runtime/follow-leases'
import { RuntimeOrchestrator, type ReconcileOutcome } from '../../src-main/runtime/orchestrator'
import { serveOrchestrator } from '../../src-main/runtime/orchestrator-service'
import { DataStore } from '../../src-main/store/data-store'
import { Database } from '../../src-main/store/db'
import { report } from './child'

const dbUrl = process.env.SLATE_TEST_DB_URL
const root = process.env.SLATE_TEST_SUBJECT_ROOT
if (!dbUrl || !root) throw new Error('SLATE_TEST_DB_URL and SLATE_TEST_SUBJECT_ROOT must be set')
const natsUrl = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

const S = createSubjects(root)
const db = new Database({ url: dbUrl, label: 'fault-test PostgreSQL' })
const bus = await NatsBus.connect({ url: natsUrl, name: 'slate-orchestrator-test' })
const store = new DataStore({ primary: db, local: null, cache: new MemoryCache(`orch-${randomUUID()}:`), bus, subjects: S, clientId: `orch-${process.pid}` })
const docker = new Docker()
const die = process.env.SLATE_TEST_DIE
const dieNow = (at: string) => {
  report('dying', { at })
  process.kill(process.pid, 'SIGKILL')
}
if (die) {
  const create = docker.createContainer.bind(docker)
  docker.createContainer = (async (opts: Docker.ContainerCreateOptions) => {
    if (die === 'before-create') dieNow(die)
    const c = await create(opts)
    if (die === 'before-start') dieNow(die)
    if (die === 'after-start') {
      const start = c.start.bind(c)
      c.start = (async () => {
        await start()
        dieNow(die)
      }) as unknown as Docker.Container['start']
    }
    return c
  }) as unknown as Docker['createContainer']
}
const ttl = Number(process.env.SLATE_TEST_LEASE_TTL_MS ?? 1000)
const leases = new FollowLeases(db, FollowLeases.newOwner(), ttl)
report('owner', { owner: leases.owner })
const orch = new RuntimeOrchestrator({ docker, store, db, bus, subjects: S, follow: true, leases })
const passed = (r: ReconcileOutcome) => {
  if (r.followed.length || r.finished.length || r.removed) report('reconciled', { ...r })
  report('pass', { othersFollow: r.othersFollow, following: orch.followed() })
}
passed(await orch.reconcile())
// as the container service does
orch.keepFollowing({ pass: passed, error: (err) => report('reconcile-failed', { error: String(err) }) })
const served = serveOrchestrator(bus, S, orch)
await bus.flush()
report('ready')

process.on('SIGTERM', () => {
  void (async () => {
    served.stop()
    report('stopped')
    await bus.close()
    await store.close()
    process.exit(0)
  })()
})
