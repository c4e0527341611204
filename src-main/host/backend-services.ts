import type Docker from 'dockerode'
import path from 'node:path'
import { startAnalyticsService } from '../analytics/service'
import { startAssetService, type AssetJob } from '../assets/processing/asset-service'
import { startBuildService } from '../builds/build-service'
import type { FarmWorkerSettings } from '../builds/worker-setup'
import { JetStreamWorkQueue } from '../bus/jetstream'
import { NatsBus } from '../bus/nats-bus'
import type { BackendServiceEntry } from '../core/backend-runner'
import type { HttpRoute } from '../core/services-http'
import { startLinkService } from '../link/link-relay-service'
import { startContainerService } from '../runtime/container-service'
import { startLogsService } from '../runtime/logs-service'
import { startArtifactsService } from '../services/artifacts-service'
import type { DataServices } from '../store/data-services'

/**
 * What the backend services are started from: the process's data layer plus what `slate services`
 * was told. The app's solo mode fills in the same, with no HTTP port.
 */
export interface BackendDeps {
  data: DataServices
  dataDir: string
  /** the app (or `slate serve`) on the in-process bus: nothing but this process talks to these services */
  solo: boolean
  /** the one HTTP port of `slate services` (routes are added to it); null in the app */
  http: { addRoute(route: HttpRoute): void } | null
  /** whether a Docker engine answered at start (the container service needs one in team mode) */
  dockerReachable: boolean
  docker?: Docker
  /** the farm workspace (artifacts, fetched checkouts) */
  workspace: string
  artifactsToken?: string
  linkHost: string
  linkPort: number
  worker: FarmWorkerSettings
  settingUnity?: string
  /** logs: longest a line waits for its batch */
  logsIntervalMs?: number
}

/** The folders a path-list variable names (`:`-separated, `;` on Windows), resolved; empty when unset. */
function pathListFromEnv(name: string): string[] {
  return process.env[name]?.split(path.delimiter).filter(Boolean).map((p) => path.resolve(p)) ?? []
}

/** Folders the asset farm may read and write: SLATE_ASSET_ROOTS (path-list), else the workspace. */
function assetRoots(workspace: string): string[] {
  const env = pathListFromEnv('SLATE_ASSET_ROOTS')
  return env.length ? env : [path.resolve(workspace)]
}

/**
 * Where the projects whose folders a team's container service may mount must lie:
 * SLATE_RUNTIME_ROOTS (path-list); unset, it mounts nothing (its workspace holds its own state:
 * the artifact token, checkouts, artifacts). Anyone who reaches the bus can ask it for a session,
 * so the project folder a request names is not trusted. The app's own service (solo, on its
 * in-process bus) mounts from the user's open project wherever it is.
 */
function runtimeMountRoots(d: BackendDeps): string[] | null {
  if (d.solo) return null
  return pathListFromEnv('SLATE_RUNTIME_ROOTS')
}

const needsNats = (d: BackendDeps) => (d.data.bus.kind === 'nats' ? null : 'needs NATS (SLATE_NATS_URL)')

/**
 * THE table of backend services: `slate services` and the app's solo mode both start from it, in
 * this order, and drain in the reverse (logs starts first and drains last: the container and
 * build services publish log lines it stores). Features never import each other; this host file
 * is where they meet.
 */
export const BACKEND_SERVICES: readonly BackendServiceEntry<BackendDeps>[] = [
  {
    name: 'logs',
    what: 'log aggregator: runtime, build and asset-processing log lines from the bus into PostgreSQL (JetStream durable consumers in team mode)',
    unavailable: () => null,
    start: (d, ctx) => startLogsService({ bus: d.data.bus, subjects: d.data.subjects, db: d.data.db, nc: d.data.bus instanceof NatsBus ? d.data.bus.nc : undefined, intervalMs: d.logsIntervalMs }, ctx),
  },
  {
    name: 'analytics',
    what: 'analytics: build, runtime and asset events from the bus into slate_analytics_events (queue slate-analytics)',
    unavailable: () => null,
    start: (d, ctx) => startAnalyticsService({ bus: d.data.bus, subjects: d.data.subjects, store: d.data.store }, ctx),
  },
  {
    name: 'asset',
    what: 'asset processor: batches (resize, convert, LODs, audio) from the JetStream work queue <root>.queue.asset.<pool>; reads and writes only inside SLATE_ASSET_ROOTS (default: the workspace)',
    unavailable: (d) => (d.solo ? 'solo batches run in the app itself (Assets → Process…)' : needsNats(d)),
    start: async (d, ctx) => {
      if (!(d.data.bus instanceof NatsBus)) throw new Error('the asset service needs NATS JetStream (SLATE_NATS_URL)')
      const queue = await JetStreamWorkQueue.openAssets<AssetJob>(d.data.bus.nc, d.data.subjects)
      return startAssetService({ bus: d.data.bus, subjects: d.data.subjects, queue, roots: assetRoots(d.workspace) }, ctx)
    },
  },
  {
    name: 'container',
    what: 'container orchestrator: runtime sessions in Docker, requests on <root>.container.<verb>.<session> (queue slate-container); mounts folders only of projects below SLATE_RUNTIME_ROOTS (unset: none)',
    unavailable: (d) => (d.solo || d.dockerReachable ? null : 'no Docker engine answers (DOCKER_HOST or the default socket)'),
    start: (d, ctx) => startContainerService({ bus: d.data.bus, subjects: d.data.subjects, store: d.data.store, db: d.data.db, docker: d.docker, mountRoots: runtimeMountRoots(d) }, ctx),
  },
  {
    name: 'build',
    what: 'build-farm worker: jobs from the JetStream work queue (the flags of `slate worker`)',
    unavailable: (d) => (d.solo ? 'solo builds run in the app' : needsNats(d)),
    start: (d, ctx) => startBuildService({ data: d.data, dataDir: d.dataDir, settingUnity: d.settingUnity, worker: d.worker }, ctx),
  },
  {
    name: 'artifacts',
    what: 'the farm’s build outputs over HTTP on the services port (/artifacts/<jobId>/, artifact token)',
    unavailable: (d) => (d.http ? null : 'needs the HTTP port of `slate services`'),
    start: (d, ctx) => startArtifactsService({ workspace: d.workspace, token: d.artifactsToken, addRoute: (r) => d.http!.addRoute(r) }, ctx),
  },
  {
    name: 'link',
    what: 'live-link relay for players on other machines (WebSocket on --link-port, messages over NATS)',
    unavailable: (d) => (d.solo ? 'players on this machine connect to the app directly' : needsNats(d)),
    start: (d, ctx) => startLinkService({ bus: d.data.bus, subjects: d.data.subjects, host: d.linkHost, port: d.linkPort }, ctx),
  },
]

/** What the app runs in-process on its in-process bus (solo mode), where available. */
export const SOLO_SERVICES = ['logs', 'analytics', 'asset', 'container']
