import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuild } from '../build-session'
import { RecordingSink } from '../events'
import { MemoryHistoryStore } from '../history-memory'
import { defaultProfile } from '../profiles'
import { makeTempProject, standinEnv } from '../testing/standin'
import { repoRoot } from '../../testing/fixtures'
import { DockerRunner, libraryVolumeName, outputOutsideProject } from './docker-runner'
import { gameciImage } from './gameci'

const IMAGE = process.env.SLATE_STANDIN_IMAGE ?? 'slate-unity-standin:test'
const docker = new Docker()

/** Reachable engine and the stand-in image present? Otherwise skip, loudly. */
async function dockerReady(): Promise<string | null> {
  if (!process.env.DOCKER_HOST) return 'DOCKER_HOST is not set (run `eval "$(test/docker/start-dockerd.sh)"`)'
  try {
    await docker.ping()
  } catch (err) {
    return `Docker engine at ${process.env.DOCKER_HOST} is unreachable: ${(err as Error).message}`
  }
  // Build (or confirm) the stand-in image: idempotent and about a second.
  try {
    execFileSync(path.join(repoRoot, 'test', 'docker', 'build-standin-image.sh'), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SLATE_STANDIN_IMAGE: IMAGE } })
    await docker.getImage(IMAGE).inspect()
  } catch (err) {
    return `image ${IMAGE} could not be built: ${(err as Error).message}`
  }
  return null
}

const why = await dockerReady()
if (why) console.warn(`\n*** SKIPPING Docker runner tests: ${why} ***\n`)

describe('gameci image names', () => {
  it('follow unityci/editor:<os>-<version>-<module>-<tag>', () => {
    expect(gameciImage({ version: '2022.3.10f1', target: 'Android', backend: 'IL2CPP' })).toBe('unityci/editor:ubuntu-2022.3.10f1-android-3')
    expect(gameciImage({ version: '6000.1.3f1', target: 'StandaloneLinux64', backend: 'IL2CPP', tag: '3.1.0' })).toBe('unityci/editor:ubuntu-6000.1.3f1-linux-il2cpp-3.1.0')
    expect(gameciImage({ version: '6000.1.3f1', target: 'StandaloneWindows64', backend: 'Mono', os: 'windows' })).toBe('unityci/editor:windows-6000.1.3f1-base-3')
    expect(() => gameciImage({ version: '6000.1.3f1', target: 'PS5', backend: 'IL2CPP' })).toThrow(/no image for PS5/)
  })
})

describe('Docker runner licensing', () => {
  const spec = {
    jobId: 'j',
    projectRoot: '/p',
    unityPath: 'unity-editor',
    unityVersion: '2022.3.10f1',
    reportPath: '/r/report.json',
    outputPath: '/p/Builds/Game.apk',
    target: 'Android' as const,
    backend: 'IL2CPP' as const,
    env: {},
    argsFor: () => ['-batchmode'],
  }
  it('gets no network with an offline licence file, a network for serial activation, and never prints secrets', () => {
    const offline = new DockerRunner({ docker, licenseEnv: { UNITY_LICENSE: '<xml/>' } }).describe(spec).notes
    expect(offline).toEqual(expect.arrayContaining([expect.stringMatching(/^network none,/), 'env UNITY_LICENSE=***']))
    expect(offline[0]).toBe('image unityci/editor:ubuntu-2022.3.10f1-android-3')
    const serial = new DockerRunner({ docker, licenseEnv: { UNITY_SERIAL: 'SC-XXXX', UNITY_EMAIL: 'a@b.c', UNITY_PASSWORD: 'hunter2' } }).describe(spec).notes
    expect(serial).toEqual(expect.arrayContaining([expect.stringMatching(/^network bridge,/), 'env UNITY_SERIAL=***', 'env UNITY_EMAIL=a@b.c', 'env UNITY_PASSWORD=***']))
    expect(serial.join('\n')).not.toMatch(/hunter2|SC-XXXX/)
    const server = new DockerRunner({ docker, licenseEnv: { UNITY_LICENSING_SERVER: 'http://lic:8080' }, licensingNetwork: 'build-net' }).describe(spec).notes
    expect(server).toEqual(expect.arrayContaining([expect.stringMatching(/^network build-net,/)]))
  })
})

describe.skipIf(why !== null)('Docker runner against a real engine', () => {
  let project: ReturnType<typeof makeTempProject>
  const MEMORY = 512 * 1024 * 1024
  beforeAll(() => {
    project = makeTempProject()
    fs.chmodSync(project.root, 0o755) // the container's unprivileged user must read it
  })
  afterAll(async () => {
    await docker.getVolume(libraryVolumeName(project.root, 'StandaloneLinux64')).remove().catch(() => undefined)
    project.remove()
  })

  function run(scenario: string) {
    const events = new RecordingSink()
    const history = new MemoryHistoryStore()
    const handle = startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner: new DockerRunner({ docker, image: IMAGE, cpus: 1.5, memoryBytes: MEMORY }),
      unity: { path: 'unity-editor', version: '6000.1.3f1' },
      history,
      events,
      env: standinEnv(scenario),
    })
    return { handle, events, history }
  }

  async function leftovers(jobId: string) {
    const containers = await docker.listContainers({ all: true, filters: { label: [`slate.job=${jobId}`] } })
    const volumes = (await docker.listVolumes({ filters: { label: [`slate.job=${jobId}`] } })).Volumes ?? []
    return { containers: containers.length, volumes: volumes.length }
  }

  it('builds in a limited, unprivileged container, copies report and player out, and cleans up', async () => {
    const { handle, events } = run('success')
    const out = await handle.done
    expect(out.verdict.status).toBe('succeeded')
    const player = path.join(project.root, 'Builds', 'StandaloneLinux64', 'Game.x86_64')
    expect(fs.statSync(player).size).toBe(65536)
    expect(out.job.totalSize).toBe(65536)
    const log = events.logEvents.flatMap((e) => e.lines)
    expect(log).toContain('SLATE-STANDIN uid=1000 target=Linux64 scenario=success')
    // the limits are enforced by the kernel: the editor sees them in its cgroup
    expect(log).toContain(`SLATE-STANDIN limit memory=${MEMORY}`)
    expect(log).toContain('SLATE-STANDIN limit cpu=150000/100000')
    expect(log.some((l) => /^SLATE-STANDIN library-runs=\d+$/.test(l))).toBe(true)
    expect(await leftovers(handle.jobId)).toEqual({ containers: 0, volumes: 0 })
  })

  it('keeps the Library cache volume between builds of the same project and target', async () => {
    const runs = async () => {
      const { handle, events } = run('exit0-no-report')
      await handle.done
      return Number(events.logEvents.flatMap((e) => e.lines).find((l) => l.startsWith('SLATE-STANDIN library-runs='))!.split('=')[1])
    }
    const first = await runs()
    expect(await runs()).toBe(first + 1)
  })

  it('cancel stops the container mid-build, with least privilege in force while it ran', async () => {
    const { handle, events } = run('slow')
    await events.waitFor(() => events.progressEvents.some((e) => e.stage === 'compile'))
    const [info] = await docker.listContainers({ filters: { label: [`slate.job=${handle.jobId}`] } })
    const c = await docker.getContainer(info.Id).inspect()
    expect(c.Config.User).toBe('1000:1000')
    expect(c.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
      NetworkMode: 'none',
      Memory: MEMORY,
      NanoCpus: 1.5e9,
      SecurityOpt: ['no-new-privileges:true'],
    })
    await handle.cancel()
    const out = await handle.done
    expect(out.verdict.status).toBe('cancelled')
    expect(await leftovers(handle.jobId)).toEqual({ containers: 0, volumes: 0 })
  })

  it('licenses Unity inside the container without putting secrets on its command line', async () => {
    const events = new RecordingSink()
    const runner = new DockerRunner({ docker, image: IMAGE, licenseEnv: { UNITY_SERIAL: 'SC-SECRET', UNITY_EMAIL: 'ci@example.com', UNITY_PASSWORD: 'hunter2' }, licensingNetwork: 'none' })
    let cmd: string[] = []
    const h = startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner,
      unity: { path: 'unity-editor', version: '6000.1.3f1' },
      history: new MemoryHistoryStore(),
      events: {
        ...events,
        progress: (ev) => {
          events.progress(ev)
          if (ev.stage === 'compile' && cmd.length === 0) {
            void docker.listContainers({ filters: { label: [`slate.job=${ev.jobId}`] } }).then(([c]) => c && docker.getContainer(c.Id).inspect().then((i) => (cmd = i.Config.Cmd)))
          }
        },
        log: (ev) => events.log(ev),
        finished: (j) => events.finished(j),
      },
      env: standinEnv('success'),
    })
    const out = await h.done
    expect(out.verdict.status).toBe('succeeded')
    expect(events.logEvents.flatMap((e) => e.lines)).toContain('SLATE-STANDIN licence=serial(user=ci@example.com)')
    expect(out.job.id).toBe(h.jobId)
    expect(JSON.stringify(cmd)).not.toMatch(/hunter2|SC-SECRET/)

    const ulf = new RecordingSink()
    await startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner: new DockerRunner({ docker, image: IMAGE, licenseEnv: { UNITY_LICENSE: '<License>0123456789</License>' } }),
      unity: { path: 'unity-editor', version: '6000.1.3f1' },
      history: new MemoryHistoryStore(),
      events: ulf,
      env: standinEnv('exit0-no-report'),
    }).done
    expect(ulf.logEvents.flatMap((e) => e.lines)).toContain('SLATE-STANDIN licence=ulf(29 bytes)')
  })

  it('a missing image is a runner failure that names the image', async () => {
    const events = new RecordingSink()
    const out = await startBuild({
      projectRoot: project.root,
      profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
      runner: new DockerRunner({ docker, image: 'slate-no-such-image:never' }),
      unity: { path: 'unity-editor', version: '6000.1.3f1' },
      history: new MemoryHistoryStore(),
      events,
    }).done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(out.verdict.reason).toMatch(/slate-no-such-image:never/)
  })
})

describe('Docker runner output place', () => {
  it('refuses, before anything runs, an output outside the project (the container runs the project’s code; its files land only in the project)', async () => {
    const spec = { jobId: 'j', projectRoot: '/p', unityPath: 'u', unityVersion: '2022.3.10f1', reportPath: '/r/report.json', target: 'StandaloneLinux64' as const, backend: 'Mono' as const, env: {}, argsFor: () => [] }
    const outcome = await new DockerRunner({ docker: new Docker({ socketPath: '/nonexistent.sock' }) }).start({ ...spec, outputPath: '/home/someone/.config/autostart/game' }, { onOutput: () => undefined, onStarted: () => undefined } as never).done
    expect(outcome.runnerError).toMatch(/copies the player into the project only.*outside \/p/)
    expect(outcome.exitCode).toBeNull()
    expect(outputOutsideProject({ ...spec, outputPath: '/p/Builds/Linux/game' })).toBeNull()
    expect(outputOutsideProject({ ...spec, outputPath: '/p/../etc/x' })).toMatch(/outside/)
  })
})
