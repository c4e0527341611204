import fs from 'node:fs'
import path from 'node:path'
import type Docker from 'dockerode'
import { RUNTIME_TYPES, type RuntimeType } from '../../src-shared/types-data'

/**
 * What a runtime session runs, as the user asked for it: stored whole in the session row's
 * container_config so that a restart (or another orchestrator after a crash) makes the same
 * container again. Everything here comes from a client and is checked before Docker sees it.
 */
export interface SessionConfig {
  runtimeType: RuntimeType
  image: string
  /** argv; empty = the image's CMD */
  command: string[]
  env: Record<string, string>
  /** "8080" or "8080:80" or "8080/udp" (host:container/proto); ports need a network */
  ports: string[]
  cpus: number | null
  memoryBytes: number | null
  /** a Docker network of its own for the session; off unless asked for (or ports are published) */
  network: boolean
  /** folders inside the project, mounted at containerPath */
  mounts: { hostPath: string; containerPath: string; readOnly: boolean }[]
  /** ask the engine for GPUs (--gpus all) where it has them */
  gpu: boolean
  /** the project folder the mounts are checked against */
  projectRoot: string
}

export class SessionConfigError extends Error {
  readonly code = 'bad_config'
}

const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]{0,254}$/i
const PORT = /^(\d{1,5})(?::(\d{1,5}))?(?:\/(tcp|udp))?$/
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Parse "512m", "2g", "1073741824" into bytes. */
export function parseMemory(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(v.trim())
  if (!m) throw new SessionConfigError(`memory "${v}" is not a size (e.g. 512m, 2g)`)
  const unit = (m[2] ?? 'b').toLowerCase()[0]
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1
  return Math.round(Number(m[1]) * mult)
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

/** p is a folder below root, not root itself */
const below = (root: string, p: string) => p !== root && inside(root, p)

/** p with every link resolved, or null when it does not exist */
function realpathOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p)
  } catch {
    return null
  }
}

/**
 * Validate a client's request into a SessionConfig. Mounts are resolved through symlinks and must
 * land inside the project (a link out of the project is refused like a plain outside path).
 */
export type SessionConfigInput = Partial<Omit<SessionConfig, 'mounts'>> & {
  projectRoot: string
  image: string
  mounts?: { hostPath: string; containerPath: string; readOnly?: boolean }[]
}

/**
 * mountRoots: folders (on the machine whose engine runs the container) below which a project must
 * lie for any of its folders to be mounted (empty: none may); null: any project (the app's own
 * service and the CLI act for the user who runs them; a team's `slate services` answers whoever
 * reaches the bus).
 */
export function checkSessionConfig(input: SessionConfigInput, mountRoots: string[] | null = null): SessionConfig {
  const runtimeType = input.runtimeType ?? 'unity'
  if (!(RUNTIME_TYPES as readonly string[]).includes(runtimeType)) throw new SessionConfigError(`runtime type must be one of ${RUNTIME_TYPES.join(', ')}`)
  if (!IMAGE.test(input.image ?? '')) throw new SessionConfigError(`"${input.image}" is not an image name`)
  const command = input.command ?? []
  if (!Array.isArray(command) || command.some((c) => typeof c !== 'string')) throw new SessionConfigError('command must be a list of strings')
  const env = input.env ?? {}
  for (const [k, v] of Object.entries(env)) if (!ENV_KEY.test(k) || typeof v !== 'string') throw new SessionConfigError(`environment variable "${k}" is not valid`)
  const ports = input.ports ?? []
  for (const p of ports) {
    const m = PORT.exec(p)
    if (!m || Number(m[1]) > 65535 || Number(m[2] ?? 0) > 65535) throw new SessionConfigError(`port "${p}" is not host[:container][/tcp|udp]`)
  }
  const cpus = input.cpus ?? null
  if (cpus !== null && !(cpus > 0 && cpus <= 1024)) throw new SessionConfigError('cpus must be a positive number')
  const memoryBytes = input.memoryBytes ?? null
  if (memoryBytes !== null && !(Number.isInteger(memoryBytes) && memoryBytes >= 6 * 1024 * 1024)) throw new SessionConfigError('memory must be at least 6 MiB (Docker’s minimum)')
  const wanted = input.mounts ?? []
  let root = realpathOrNull(path.resolve(input.projectRoot))
  if (root === null) {
    // without mounts the project folder is only the session's project (its id): a container
    // service on another machine need not have it
    if (wanted.length > 0) throw new SessionConfigError(`project folder ${input.projectRoot} does not exist on the container host, so none of its folders can be mounted`)
    root = path.resolve(input.projectRoot)
  }
  if (wanted.length > 0 && mountRoots) {
    if (mountRoots.length === 0) throw new SessionConfigError('this container service mounts no folders: its operator has not named the folders projects may be mounted from (SLATE_RUNTIME_ROOTS)')
    const allowed = mountRoots.map((r) => realpathOrNull(r) ?? path.resolve(r))
    // below a root, never the root itself: a root may hold other projects, or the service's own state
    if (!allowed.some((r) => below(r, root))) {
      throw new SessionConfigError(`folders of ${root} cannot be mounted: this container service mounts only from projects inside ${allowed.join(', ')} (SLATE_RUNTIME_ROOTS)`)
    }
  }
  const mounts = wanted.map((m) => {
    const real = realpathOrNull(path.resolve(root, m.hostPath))
    if (real === null) throw new SessionConfigError(`mount ${m.hostPath} does not exist`)
    if (!inside(root, real)) throw new SessionConfigError(`mount ${m.hostPath} is outside the project (${root}); only folders inside the project can be mounted`)
    if (!fs.statSync(real).isDirectory()) throw new SessionConfigError(`mount ${m.hostPath} is not a folder`)
    if (!path.posix.isAbsolute(m.containerPath) || m.containerPath.split('/').includes('..')) throw new SessionConfigError(`container path ${m.containerPath} must be absolute`)
    return { hostPath: real, containerPath: m.containerPath, readOnly: m.readOnly !== false }
  })
  return { runtimeType, image: input.image, command, env, ports, cpus, memoryBytes, network: Boolean(input.network) || ports.length > 0, mounts, gpu: Boolean(input.gpu), projectRoot: root }
}

export const containerName = (sessionId: string) => `slate-runtime-${sessionId}`
export const networkName = (sessionId: string) => `slate-runtime-net-${sessionId}`
export const SESSION_LABEL = 'slate.runtime.session'

/**
 * The container, with the build runner's least privilege: a non-root user, every capability
 * dropped, no-new-privileges, a read-only root filesystem (tmpfs /tmp is the only scratch space),
 * pid/CPU/memory limits, no network unless the session has its own.
 */
export function containerOptions(sessionId: string, c: SessionConfig): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {}
  const bindings: Record<string, { HostPort: string }[]> = {}
  for (const p of c.ports) {
    const [, host, inner, proto] = PORT.exec(p)!
    const key = `${inner ?? host}/${proto ?? 'tcp'}`
    exposed[key] = {}
    bindings[key] = [{ HostPort: host }]
  }
  return {
    Image: c.image,
    name: containerName(sessionId),
    Cmd: c.command.length ? c.command : undefined,
    Env: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
    User: '1000:1000',
    Labels: { [SESSION_LABEL]: sessionId, 'slate.runtime.type': c.runtimeType },
    Tty: false,
    ExposedPorts: c.ports.length ? exposed : undefined,
    HostConfig: {
      Mounts: c.mounts.map((m) => ({ Type: 'bind' as const, Source: m.hostPath, Target: m.containerPath, ReadOnly: m.readOnly })),
      Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=256m' },
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      NetworkMode: c.network ? networkName(sessionId) : 'none',
      PortBindings: c.ports.length ? bindings : undefined,
      NanoCpus: c.cpus ? Math.round(c.cpus * 1e9) : undefined,
      Memory: c.memoryBytes ?? undefined,
      MemorySwap: c.memoryBytes ?? undefined,
      PidsLimit: 1024,
      Init: true,
      AutoRemove: false, // the orchestrator reads the exit code, then removes it
      DeviceRequests: c.gpu ? [{ Driver: '', Count: -1, Capabilities: [['gpu']] }] : undefined,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '50m', 'max-file': '2' } },
    },
  }
}

/**
 * Right before the container is made (after an image pull that may take minutes): each mount is
 * still the folder that was checked. A folder replaced by a link meanwhile resolves elsewhere, and
 * the session is refused rather than mount what the link points at.
 */
export function recheckMounts(c: SessionConfig): void {
  for (const m of c.mounts) {
    const real = realpathOrNull(m.hostPath)
    if (real !== m.hostPath || !fs.statSync(real).isDirectory()) throw new SessionConfigError(`mount ${m.hostPath} changed since it was checked (it is gone or now a link); the session is not started`)
  }
}
