import type { BuildTarget, ScriptingBackend } from '../../../src-shared/types-builds'

/**
 * GameCI's Unity editor images: `unityci/editor:<os>-<version>-<module>-<tag>`, e.g.
 * `unityci/editor:ubuntu-2022.3.10f1-android-3`. The module is the platform support the image
 * includes. Console platforms have no public image (their SDKs are under NDA): a team builds its
 * own and names it in the profile or SLATE_DOCKER_IMAGE.
 */
export function gameciModule(target: BuildTarget, backend: ScriptingBackend, os: 'ubuntu' | 'windows'): string | null {
  switch (target) {
    case 'StandaloneLinux64':
      return backend === 'IL2CPP' ? 'linux-il2cpp' : 'base'
    case 'StandaloneWindows64':
      return os === 'windows' ? (backend === 'IL2CPP' ? 'windows-il2cpp' : 'base') : 'windows-mono'
    case 'StandaloneOSX':
      return 'mac-mono'
    case 'Android':
      return 'android'
    case 'iOS':
      return 'ios'
    case 'WebGL':
      return 'webgl'
    default:
      return null
  }
}

export function gameciImage(o: { version: string; target: BuildTarget; backend: ScriptingBackend; os?: 'ubuntu' | 'windows'; tag?: string }): string {
  const os = o.os ?? 'ubuntu'
  const module = gameciModule(o.target, o.backend, os)
  if (!module) throw new Error(`GameCI publishes no image for ${o.target}: set SLATE_DOCKER_IMAGE (or the runner's image option) to your own image.`)
  return `unityci/editor:${os}-${o.version}-${module}-${o.tag ?? '3'}`
}
