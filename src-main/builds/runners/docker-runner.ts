import crypto from 'node:crypto'
import { explainDockerError, isDockerUnreachable } from './docker-errors'
import fs from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import Docker from 'dockerode'
import type { BuildRunner, RunHooks, RunOutcome, RunSpec, RunningBuild } from './runner'
import { gameciImage } from './gameci'
import { isInside } from '../../core/project-paths'
import { extractTar } from './tar-extract'

export interface DockerRunnerOptions {
  docker?: Docker
  /** Overrides the GameCI image name (consoles, custom images, the test stand-in). */
  image?: string
  os?: 'ubuntu' | 'windows'
  /** GameCI image tag (their release line), default 3. */
  imageTag?: string
  /** The editor command inside the image; GameCI images provide `unity-editor`. */
  editorCommand?: string
  cpus?: number
  memoryBytes?: number
  /** Unprivileged user the editor runs as. */
  user?: string
  /** Network used only when licensing needs one (serial activation, licence server). */
  licensingNetwork?: string
  /** Environment to read licence variables from (default process.env). */
  licenseEnv?: NodeJS.ProcessEnv
}

const CONTAINER_PROJECT = '/project'
const CONTAINER_SLATE = '/slate'
const LICENSE_VARS = ['UNITY_LICENSE', 'UNITY_SERIAL', 'UNITY_EMAIL', 'UNITY_PASSWORD', 'UNITY_LICENSING_SERVER'] as const
/** A writable home (tmpfs) for the unprivileged user: Unity keeps its licence and caches there. */
const CONTAINER_HOME = '/home/unity'

/**
 * Unity does not read licence variables itself. Inside the container, before the editor starts:
 * an offline licence (UNITY_LICENSE, the .ulf contents) is written where Unity looks for it, and a
 * serial activation gets `-serial/-username/-password` from the variables, so the secrets never
 * appear in the container's command (docker inspect) or in SLATE's stored command line.
 * A licence server (UNITY_LICENSING_SERVER) needs an image whose services-config.json points at it.
 */
const LICENSE_WRAPPER = [
  'set -e',
  'if [ -n "$UNITY_LICENSE" ]; then mkdir -p "$HOME/.local/share/unity3d/Unity" && printf "%s" "$UNITY_LICENSE" > "$HOME/.local/share/unity3d/Unity/Unity_lic.ulf"; fi',
  'if [ -n "$UNITY_SERIAL" ]; then exec "$@" -serial "$UNITY_SERIAL" -username "$UNITY_EMAIL" -password "$UNITY_PASSWORD"; fi',
  'exec "$@"',
].join('\n')

/** The Library (import cache) volume of a project and target: reused across builds, never shared between targets. */
export function libraryVolumeName(projectRoot: string, target: string): string {
  const h = crypto.createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 12)
  return `slate-library-${h}-${target.toLowerCase()}`
}

/**
 * Runs Unity in a container with the least it needs: a non-root user, every capability dropped,
 * no-new-privileges, a read-only root filesystem (writable: the project bind, its Library volume,
 * a per-job /slate volume and tmpfs /tmp), CPU/memory/pid limits, and no network unless licensing
 * needs it. The report and the player are copied out of the container through the Docker API, so
 * the engine may be remote for everything but the project source.
 */
export class DockerRunner implements BuildRunner {
  readonly kind = 'docker' as const
  readonly docker: Docker

  constructor(private readonly o: DockerRunnerOptions = {}) {
    this.docker = o.docker ?? new Docker()
  }

  image(spec: RunSpec): string {
    const override = this.o.image ?? process.env.SLATE_DOCKER_IMAGE
    if (override) return override
    if (!spec.unityVersion) throw new Error('The project has no Unity version (ProjectSettings/ProjectVersion.txt), so no editor image can be chosen.')
    return gameciImage({ version: spec.unityVersion, target: spec.target, backend: spec.backend, os: this.o.os, tag: this.o.imageTag })
  }

  private licensing(): { env: string[]; network: string; masked: string[] } {
    const src = this.o.licenseEnv ?? process.env
    const env: string[] = []
    const masked: string[] = []
    for (const k of LICENSE_VARS) {
      const v = src[k]
      if (!v) continue
      env.push(`${k}=${v}`)
      masked.push(`${k}=${k === 'UNITY_EMAIL' || k === 'UNITY_LICENSING_SERVER' ? v : '***'}`)
    }
    // An offline .ulf (UNITY_LICENSE) needs no network; serial activation and a licence server do.
    const needsNetwork = !!(src.UNITY_SERIAL || src.UNITY_LICENSING_SERVER)
    return { env, network: needsNetwork ? (this.o.licensingNetwork ?? 'bridge') : 'none', masked }
  }

  private containerPaths(spec: RunSpec) {
    return {
      projectPath: CONTAINER_PROJECT,
      reportPath: `${CONTAINER_SLATE}/report/report.json`,
      outputPath: `${CONTAINER_SLATE}/output/${path.basename(spec.outputPath)}`,
    }
  }

  describe(spec: RunSpec) {
    const lic = this.licensing()
    return {
      executable: this.o.editorCommand ?? 'unity-editor',
      args: spec.argsFor(this.containerPaths(spec)),
      notes: [
        `image ${this.image(spec)}`,
        `network ${lic.network}, user ${this.o.user ?? '1000:1000'}, cpus ${this.o.cpus ?? 'unlimited'}, memory ${this.o.memoryBytes ?? 'unlimited'}`,
        `volume ${libraryVolumeName(spec.projectRoot, spec.target)} -> ${CONTAINER_PROJECT}/Library`,
        ...lic.masked.map((m) => `env ${m}`),
      ],
    }
  }

  start(spec: RunSpec, hooks: RunHooks): RunningBuild {
    let container: Docker.Container | null = null
    let cancelled = false
    const jobVolume = `slate-job-${spec.jobId}`
    const done = (async (): Promise<RunOutcome> => {
      let processStartedAt: number | null = null
      const outside = outputOutsideProject(spec)
      if (outside) return { exitCode: null, signal: null, runnerError: outside, processStartedAt }
      try {
        fs.rmSync(spec.reportPath, { force: true })
        const lic = this.licensing()
        const image = this.image(spec)
        await this.docker.getImage(image).inspect().catch(async () => {
          await pull(this.docker, image).catch((err) => {
            if (isDockerUnreachable(err)) throw err
            throw new Error(`Docker image ${image} is not available locally and could not be pulled: ${(err as Error).message}`)
          })
        })
        await this.docker.createVolume({ Name: jobVolume, Labels: { 'slate.job': spec.jobId } })
        const memory = this.o.memoryBytes
        container = await this.docker.createContainer({
          Image: image,
          name: `slate-build-${spec.jobId}`,
          Cmd: ['/bin/sh', '-c', LICENSE_WRAPPER, 'slate-unity', this.o.editorCommand ?? 'unity-editor', ...spec.argsFor(this.containerPaths(spec))],
          Env: [`HOME=${CONTAINER_HOME}`, ...lic.env, ...Object.entries(spec.env).map(([k, v]) => `${k}=${v}`)],
          User: this.o.user ?? '1000:1000',
          WorkingDir: CONTAINER_PROJECT,
          Labels: { 'slate.job': spec.jobId, 'slate.runner': 'docker' },
          Tty: false,
          AttachStdout: true,
          AttachStderr: true,
          HostConfig: {
            Binds: [`${path.resolve(spec.projectRoot)}:${CONTAINER_PROJECT}`],
            Mounts: [
              { Type: 'volume', Source: libraryVolumeName(spec.projectRoot, spec.target), Target: `${CONTAINER_PROJECT}/Library` },
              { Type: 'volume', Source: jobVolume, Target: CONTAINER_SLATE },
            ],
            // The home tmpfs belongs to the editor's user, or it could not write its licence there.
            Tmpfs: { '/tmp': 'rw,nosuid,nodev,size=1g', [CONTAINER_HOME]: ['rw,nosuid,nodev,size=256m', ownerOptions(this.o.user ?? '1000:1000')].filter(Boolean).join(',') },
            ReadonlyRootfs: true,
            CapDrop: ['ALL'],
            SecurityOpt: ['no-new-privileges:true'],
            NetworkMode: lic.network,
            NanoCpus: this.o.cpus ? Math.round(this.o.cpus * 1e9) : undefined,
            Memory: memory,
            MemorySwap: memory, // no swap beyond the limit: a runaway build fails instead of thrashing
            PidsLimit: 4096,
            Init: true, // reaps Unity's helper processes and forwards SIGTERM to the editor
            AutoRemove: false, // we copy the report out after exit, then remove it ourselves
          },
        })
        const stream = await container.attach({ stream: true, stdout: true, stderr: true })
        const out = new PassThrough()
        out.on('data', (c: Buffer) => hooks.onOutput(c))
        this.docker.modem.demuxStream(stream, out, out)
        const streamEnded = new Promise<void>((resolve) => stream.on('end', resolve))
        if (cancelled) throw new CancelledBeforeStart()
        await container.start()
        processStartedAt = Date.now()
        hooks.onStarted({ containerId: container.id, at: processStartedAt })
        const status = (await container.wait()) as { StatusCode: number }
        await streamEnded
        if (!cancelled) await this.copyOut(container, spec)
        return { exitCode: cancelled ? null : status.StatusCode, signal: cancelled ? 'SIGKILL' : null, runnerError: null, processStartedAt }
      } catch (err) {
        if (cancelled) return { exitCode: null, signal: 'SIGKILL', runnerError: null, processStartedAt }
        return { exitCode: null, signal: null, runnerError: explainDockerError(err), processStartedAt }
      } finally {
        await (container as Docker.Container | null)?.remove({ force: true }).catch(() => undefined)
        await this.docker.getVolume(jobVolume).remove().catch(() => undefined)
      }
    })()
    return {
      done,
      cancel: async () => {
        cancelled = true
        // SIGTERM through docker-init, then SIGKILL after 3 s: Unity gets to release its lock.
        await (container as Docker.Container | null)?.stop({ t: 3 }).catch(() => undefined)
        await done
      },
    }
  }

  private async copyOut(container: Docker.Container, spec: RunSpec): Promise<void> {
    const { reportPath, outputPath } = this.containerPaths(spec)
    fs.mkdirSync(path.dirname(spec.reportPath), { recursive: true })
    try {
      const tar = await container.getArchive({ path: reportPath })
      const files = await extractTar(tar, path.dirname(spec.reportPath))
      if (files[0] && files[0] !== spec.reportPath) fs.renameSync(files[0], spec.reportPath)
    } catch {
      /* no report: the verdict says so */
    }
    let tar: NodeJS.ReadableStream
    try {
      tar = await container.getArchive({ path: outputPath })
    } catch {
      return // no output (failed build)
    }
    // What the container made goes into the project only, through the write path: the output's
    // place comes from a profile the project supplies, and the container runs the project's code.
    await extractTar(tar, path.dirname(spec.outputPath), { root: spec.projectRoot })
  }
}

class CancelledBeforeStart extends Error {}

/** Why the Docker runner will not write this output (null: it will). */
export function outputOutsideProject(spec: Pick<RunSpec, 'outputPath' | 'projectRoot'>): string | null {
  if (isInside(path.resolve(spec.projectRoot), path.resolve(spec.outputPath))) return null
  return `The Docker runner copies the player into the project only, and ${spec.outputPath} is outside ${spec.projectRoot}: use a project-relative output path such as Builds/…`
}

/** `uid=…,gid=…` tmpfs options for a numeric `uid[:gid]` user (names cannot be resolved outside the image). */
function ownerOptions(user: string): string {
  const [uid, gid] = user.split(':')
  return /^\d+$/.test(uid) ? `uid=${uid},gid=${/^\d+$/.test(gid ?? '') ? gid : uid}` : ''
}

function pull(docker: Docker, image: string): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.pull(image, (err: Error | null, stream: NodeJS.ReadableStream) => {
      if (err) return reject(err)
      docker.modem.followProgress(stream, (e: Error | null) => (e ? reject(e) : resolve()))
    })
  })
}
