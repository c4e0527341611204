/**
 * Whether a build can start HERE, before it starts: the editor (found, the project's version,
 * the target's module installed), the bridge package, and the runner (Docker reachable, farm
 * workers present). The profile's own rules are validateProfile's; this adds what depends on
 * the machine. Each issue says what to do, in the words of the Builds view.
 */
import fs from 'node:fs'
import path from 'node:path'
import Docker from 'dockerode'
import type { BuildProfile, BuildRunnerKind, BuildTarget, ProfileIssue, UnityDiscovery } from '../../src-shared/types-builds'
import { bridgeState, BRIDGE_EMBED_DIR } from './bridge-package'
import { resolveOutputPath } from './command-line'
import { dockerEndpoint, explainDockerError } from './runners/docker-errors'
import { outputOutsideProject } from './runners/docker-runner'

/** The PlaybackEngines folder of each target's Build Support module (Unity's install layout). */
const MODULE_FOLDER: Partial<Record<BuildTarget, { folder: string; name: string }>> = {
  Android: { folder: 'AndroidPlayer', name: 'Android Build Support' },
  iOS: { folder: 'iOSSupport', name: 'iOS Build Support' },
  WebGL: { folder: 'WebGLSupport', name: 'WebGL Build Support' },
  StandaloneWindows64: { folder: 'WindowsStandaloneSupport', name: 'Windows Build Support' },
  StandaloneOSX: { folder: 'MacStandaloneSupport', name: 'Mac Build Support' },
  StandaloneLinux64: { folder: 'LinuxStandaloneSupport', name: 'Linux Build Support' },
}

/**
 * Every PlaybackEngines folder of an editor: `Editor/Data/PlaybackEngines` (Windows, Linux),
 * `<version>/PlaybackEngines` and `Unity.app/Contents/PlaybackEngines` (macOS). Found by walking
 * up from the executable, so any install layout is covered; none found means "cannot tell".
 */
export function playbackEngineFolders(editorExecutable: string, exists: (p: string) => boolean = fs.existsSync): string[] {
  const out: string[] = []
  let dir = path.dirname(editorExecutable)
  for (let i = 0; i < 4; i++) {
    for (const candidate of [path.join(dir, 'Data', 'PlaybackEngines'), path.join(dir, 'PlaybackEngines')]) if (exists(candidate)) out.push(candidate)
    const up = path.dirname(dir)
    if (up === dir) break
    dir = up
  }
  return out
}

export interface ReadinessInput {
  projectRoot: string
  profile: BuildProfile
  runner: BuildRunnerKind
  discovery: UnityDiscovery
  /** Answers whether the Docker engine is reachable (null) or why not; defaults to a ping with a short timeout. */
  pingDocker?: () => Promise<string | null>
  /** Farm workers consuming this target, or null when there is no team bus (solo mode). */
  farmWorkers?: (target: BuildTarget) => Promise<number | null>
  exists?: (p: string) => boolean
}

export async function defaultDockerPing(timeoutMs = 2000): Promise<string | null> {
  const docker = new Docker({ timeout: timeoutMs } as Docker.DockerOptions)
  try {
    await docker.ping()
    return null
  } catch (err) {
    return explainDockerError(err)
  }
}

export async function checkReadiness(i: ReadinessInput): Promise<ProfileIssue[]> {
  const issues: ProfileIssue[] = []
  const error = (field: string, message: string) => issues.push({ field, severity: 'error', message })
  const warn = (field: string, message: string) => issues.push({ field, severity: 'warning', message })
  const exists = i.exists ?? fs.existsSync
  const p = i.profile

  if (i.runner === 'local') {
    const d = i.discovery
    const want = d.projectVersion
    if (!d.match) {
      error(
        'editor',
        want
          ? `No Unity ${want} editor was found on this machine${d.editors.length ? ` (found: ${[...new Set(d.editors.map((e) => e.version))].join(', ')})` : ''}. Install ${want} with Unity Hub, or set the Unity path in Settings; or build with Docker or the farm.`
          : 'The project has no ProjectSettings/ProjectVersion.txt, so SLATE cannot tell which Unity to use: set the Unity path in Settings.',
      )
    } else {
      if (!exists(d.match.path)) error('editor', `The Unity editor at ${d.match.path} is not there any more: check the Unity path in Settings.`)
      if (want && d.match.version !== 'unknown' && d.match.version !== want) {
        warn('editor', `The project is on Unity ${want} but ${d.match.version} would build it: Unity upgrades the project's files, which teammates on ${want} then cannot open cleanly.`)
      }
      const module = MODULE_FOLDER[p.target]
      const engines = playbackEngineFolders(d.match.path, exists)
      if (module && engines.length > 0 && !engines.some((f) => exists(path.join(f, module.folder)))) {
        error('editor', `Unity ${d.match.version} at ${d.match.path} has no ${module.name} module (PlaybackEngines/${module.folder}): add it in Unity Hub (Installs, the gear of ${d.match.version}, Add modules).`)
      }
    }
  }

  const bridge = await bridgeState(i.projectRoot).catch(() => null)
  if (!bridge || bridge.state === 'none') {
    error('bridge', `The com.slate.bridge package is not in this project, so Unity cannot run SLATE's build method: install it in the Bridge package tab (it is copied into ${BRIDGE_EMBED_DIR}).`)
  } else if (bridge.state === 'reference' && i.runner !== 'local') {
    error('bridge', `The bridge is referenced by a path on one machine (${bridge.manifestReference}), which a container or a farm worker cannot resolve: update it in the Bridge package tab to embed it in the project.`)
  } else if (bridge.updateAvailable) {
    warn('bridge', `The project's bridge is ${bridge.state === 'reference' ? 'a path on this machine' : `version ${bridge.installedVersion}`}; SLATE has ${bridge.bundledVersion}: update it in the Bridge package tab.`)
  }

  if (i.runner === 'docker') {
    const problem = await (i.pingDocker ?? (() => defaultDockerPing()))()
    if (problem) error('runner', problem)
    const outside = outputOutsideProject({ projectRoot: i.projectRoot, outputPath: resolveOutputPath(i.projectRoot, p.outputPath) })
    if (outside) error('outputPath', outside)
  }
  if (i.runner === 'farm') {
    const n = i.farmWorkers ? await i.farmWorkers(p.target).catch(() => null) : null
    if (n === null) error('runner', 'The build farm needs the team servers (NATS): set them in Settings. In solo mode there are no farm workers.')
    else if (n === 0) error('runner', `No farm worker is taking ${p.target} builds right now: start one on a build machine (slate worker --targets ${p.target}), or build locally or with Docker.`)
  }
  return issues
}

export { dockerEndpoint }
