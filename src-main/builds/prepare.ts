import fs from 'node:fs'
import path from 'node:path'
import type { BuildProfile, BuildTarget, BuildType, ProfileValidation, UnityDiscovery } from '../../src-shared/types-builds'
import type { ProjectSummary } from '../../src-shared/types'
import { readProjectSummary } from '../unity/project-summary'
import { lfsPointerMessage, settingsLfsPointers } from '../unity/settings/lfs-pointer'
import { defaultProfile, loadProfiles, validateProfile } from './profiles'
import { enabledScenes } from './scenes'
import { discoverUnity, realDiscoveryEnv } from './unity-discovery'

const BUILD_SETTINGS = 'ProjectSettings/EditorBuildSettings.asset'

export interface PrepareOptions {
  target: BuildTarget
  type?: BuildType
  /** A saved profile id; otherwise the first saved profile for target+type, else the defaults. */
  profileId?: string
  outputPath?: string
  /** Scene paths to build instead of the profile's (or EditorBuildSettings'). */
  scenes?: string[]
  unityPath?: string
  settingUnityPath?: string
}

export interface PreparedBuild {
  project: ProjectSummary
  profile: BuildProfile
  validation: ProfileValidation
  discovery: UnityDiscovery
}

/** Everything decided before a build starts: the profile, whether it is valid, which editor. */
export async function prepareBuild(projectRoot: string, o: PrepareOptions): Promise<PreparedBuild> {
  const project = await readProjectSummary(projectRoot)
  const type = o.type ?? 'development'
  const saved = await loadProfiles(project.root)
  let profile =
    (o.profileId ? saved.find((p) => p.id === o.profileId) : saved.find((p) => p.target === o.target && p.type === type)) ??
    defaultProfile(o.target, type, project.productName ?? project.folderName)
  if (o.profileId && !saved.some((p) => p.id === o.profileId)) throw new Error(`No saved build profile "${o.profileId}" in ${project.root}.`)
  if (o.outputPath) profile = { ...profile, outputPath: o.outputPath }
  if (o.scenes) profile = { ...profile, scenes: o.scenes }
  const validation = await validateForProject(project.root, profile)
  const discovery = discoverUnity(project.unityVersion, realDiscoveryEnv({ explicitPath: o.unityPath, settingPath: o.settingUnityPath }))
  return { project, profile, validation, discovery }
}

export async function validateForProject(projectRoot: string, profile: unknown): Promise<ProfileValidation> {
  return validateProfile(profile, {
    projectRoot,
    buildSettingsScenes: await enabledScenes(projectRoot),
    sceneExists: (s) => fs.existsSync(path.join(projectRoot, s)),
    env: process.env,
    fileExists: (p) => fs.existsSync(p),
    buildSettingsProblem: settingsLfsPointers(projectRoot).includes(BUILD_SETTINGS) ? lfsPointerMessage(BUILD_SETTINGS) : null,
  })
}
