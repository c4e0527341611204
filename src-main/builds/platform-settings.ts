import path from 'node:path'
import type { BuildProfile, ProfileIssue } from '../../src-shared/types-builds'
import type { PlatformSettings } from '../../src-shared/types-platform'

interface Ctx {
  projectRoot: string
  env?: NodeJS.ProcessEnv
  fileExists?: (absPath: string) => boolean
}

/** What is wrong with a profile's platform settings, in words, before Unity says it half-way through. */
export function platformIssues(p: BuildProfile, ctx: Ctx): ProfileIssue[] {
  const issues: ProfileIssue[] = []
  const error = (field: string, message: string) => issues.push({ field, severity: 'error', message })
  const warn = (field: string, message: string) => issues.push({ field, severity: 'warning', message })
  const a = p.platform?.android
  if (a && p.target === 'Android') {
    if (a.minSdk !== undefined && a.targetSdk !== undefined && a.minSdk > a.targetSdk) {
      error('platform.android.minSdk', `The minimum API level (${a.minSdk}) is above the target API level (${a.targetSdk}): no device could satisfy both.`)
    }
    if (a.architectures?.length === 0) error('platform.android.architectures', 'Choose at least one architecture: a player with none runs nowhere.')
    if (a.architectures?.some((x) => x !== 'ARMv7') && p.backend === 'Mono') {
      error('platform.android.architectures', 'ARM64 and x86-64 need the IL2CPP backend: Unity builds only ARMv7 with Mono (and Google Play requires 64-bit).')
    }
    if (a.keystore) {
      const abs = path.resolve(ctx.projectRoot, a.keystore.path)
      if (ctx.fileExists && !ctx.fileExists(abs)) warn('platform.android.keystore.path', `No keystore at ${a.keystore.path} on this machine: the build will fail here unless it is there when Unity signs.`)
      for (const [field, name] of [['passwordEnv', a.keystore.passwordEnv], ['aliasPasswordEnv', a.keystore.aliasPasswordEnv]] as const) {
        if (ctx.env && !ctx.env[name]) warn(`platform.android.keystore.${field}`, `The environment variable ${name} is not set here: set it (a CI secret, your shell) where the build runs; the profile never stores the password.`)
      }
    } else if (p.type === 'production') {
      warn('platform.android.keystore', 'A production Android build without a keystore is signed with the debug key: Google Play refuses it.')
    }
  }
  const i = p.platform?.ios
  if (i && p.target === 'iOS') {
    if (i.signing === 'manual' && !i.provisioningProfileId) error('platform.ios.provisioningProfileId', 'Manual signing needs the provisioning profile’s UUID.')
    if (i.signing === 'automatic' && !i.teamId) warn('platform.ios.teamId', 'Automatic signing needs the Apple team id; without it Xcode asks for a team and a CI build fails.')
  }
  return issues
}

/** Only the settings of the profile's own target go to Unity, as one JSON argument. */
export function platformArgument(p: BuildProfile): string | null {
  const s: PlatformSettings | undefined = p.platform
  if (!s) return null
  const own = p.target === 'Android' ? s.android : p.target === 'iOS' ? s.ios : p.target === 'WebGL' ? s.webgl : undefined
  if (!own || Object.keys(own).length === 0) return null
  return JSON.stringify(own)
}
