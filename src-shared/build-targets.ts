/**
 * What each build target produces and how a profile follows its target. Pure functions, shared
 * by the core (validation, defaults) and the Builds view (changing the target of a draft), so
 * both say the same thing.
 */
import type { BuildProfile, BuildTarget } from './types-builds'

type Output = { kind: 'file'; extensions: string[]; name: (product: string) => string } | { kind: 'folder'; name: () => string }

/** What Unity writes for each target: a file with one of these extensions, or a folder. */
export const TARGET_OUTPUT: Record<BuildTarget, Output> = {
  StandaloneWindows64: { kind: 'file', extensions: ['.exe'], name: (p) => `Builds/StandaloneWindows64/${p}.exe` },
  StandaloneOSX: { kind: 'file', extensions: ['.app'], name: (p) => `Builds/StandaloneOSX/${p}.app` },
  StandaloneLinux64: { kind: 'file', extensions: ['.x86_64', ''], name: (p) => `Builds/StandaloneLinux64/${p}.x86_64` },
  Android: { kind: 'file', extensions: ['.apk', '.aab'], name: (p) => `Builds/Android/${p}.apk` },
  iOS: { kind: 'folder', name: () => 'Builds/iOS' },
  WebGL: { kind: 'folder', name: () => 'Builds/WebGL' },
  PS5: { kind: 'folder', name: () => 'Builds/PS5' },
  GameCoreXboxSeries: { kind: 'folder', name: () => 'Builds/GameCoreXboxSeries' },
  Switch: { kind: 'file', extensions: ['.nsp'], name: (p) => `Builds/Switch/${p}.nsp` },
}

/** Extensions of other targets' players: an output path ending in one of these is the wrong target. */
const PLAYER_EXTENSIONS = ['.exe', '.app', '.x86_64', '.apk', '.aab', '.nsp', '.ipa', '.xcarchive']

export function defaultOutputPath(target: BuildTarget, productName: string): string {
  const safe = productName.replace(/[^\w.-]+/g, '_') || 'Game'
  const o = TARGET_OUTPUT[target]
  return o.kind === 'file' ? o.name(safe) : o.name()
}

function extensionOf(p: string): string {
  const base = p.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? ''
  const dot = base.lastIndexOf('.')
  return dot > 0 ? base.slice(dot).toLowerCase() : ''
}

/** Why an output path does not fit a target (an `.exe` for Android, a file for iOS), or null. */
export function outputPathProblem(target: BuildTarget, outputPath: string, androidFormat?: 'apk' | 'aab'): string | null {
  const out = outputPath.trim()
  if (!out) return null
  const ext = extensionOf(out)
  const o = TARGET_OUTPUT[target]
  if (o.kind === 'folder') {
    if (PLAYER_EXTENSIONS.includes(ext)) return `${target} builds a folder (${target === 'iOS' ? 'an Xcode project' : 'the player files'}), not a ${ext} file: use a folder such as ${o.name()}.`
    return null
  }
  if (target === 'Android' && androidFormat && ext !== `.${androidFormat}`) {
    return `The Android format is ${androidFormat.toUpperCase()}, so the output must end in .${androidFormat} (it ends in "${ext || 'no extension'}").`
  }
  if (!o.extensions.includes(ext)) {
    const want = o.extensions.filter(Boolean).join(' or ')
    return `A ${target} player is a ${want} file${ext ? `, not ${ext}` : ''}: for example ${o.name('Game')}.`
  }
  return null
}

/**
 * A profile moved to another target: its name, id and output path follow when they were the old
 * target's (the defaults, or a name that says the old target); anything the user chose is kept.
 */
export function retargetProfile(p: BuildProfile, target: BuildTarget, productName: string, takenIds: string[] = []): BuildProfile {
  if (p.target === target) return p
  const old = p.target
  const replace = (s: string) => s.split(old).join(target)
  const defaultOut = defaultOutputPath(old, productName)
  const outFollows = p.outputPath.trim() === '' || p.outputPath === defaultOut || p.outputPath.includes(old) || outputPathProblem(target, p.outputPath) !== null
  let outputPath = outFollows ? (p.outputPath.includes(old) && p.outputPath !== defaultOut ? replace(p.outputPath) : defaultOutputPath(target, productName)) : p.outputPath
  if (outputPathProblem(target, outputPath) !== null) outputPath = defaultOutputPath(target, productName)
  const oldId = old.toLowerCase()
  let id = p.id.includes(oldId) ? p.id.split(oldId).join(target.toLowerCase()) : p.id
  for (let n = 2; takenIds.includes(id) && id !== p.id; n++) id = `${id.replace(/-\d+$/, '')}-${n}`
  const { platform, ...rest } = p
  // Settings of the old platform mean nothing to the new one; those of the new are kept if any.
  const kept = platform ? pickPlatform(platform, target) : undefined
  return { ...rest, target, id, name: p.name.includes(old) ? replace(p.name) : p.name, outputPath, ...(kept ? { platform: kept } : {}) }
}

function pickPlatform(platform: NonNullable<BuildProfile['platform']>, target: BuildTarget): BuildProfile['platform'] | undefined {
  const key = target === 'Android' ? 'android' : target === 'iOS' ? 'ios' : target === 'WebGL' ? 'webgl' : null
  if (!key || !platform[key]) return undefined
  return { [key]: platform[key] }
}
