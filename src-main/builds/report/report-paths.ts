import { BUILD_TARGETS, type BuildTarget } from '../../../src-shared/types-builds'

/**
 * Unity writes absolute paths of the machine that built (`C:/Users/…/TestProject/Temp/StagingArea/
 * Data/…`). Two builds are only comparable file by file once that prefix is gone, so output files
 * are named relative to the project (found as the folder holding `Temp/` or `Library/`), or to the
 * output's folder when they lie outside the project. Separators become `/`.
 */
export function outputPathNormalizer(paths: string[], outputPath: string): (p: string) => string {
  const slash = (p: string) => p.replace(/\\/g, '/')
  let root: string | null = null
  for (const raw of paths) {
    const p = slash(raw)
    const m = /^(.*?)\/(?:Temp|Library)\//.exec(p)
    if (m && m[1]) {
      root = m[1]
      break
    }
  }
  const out = slash(outputPath).replace(/\/+$/, '')
  const outDir = out.includes('/') ? out.slice(0, out.lastIndexOf('/')) : ''
  return (raw: string) => {
    const p = slash(raw)
    if (root && p.toLowerCase().startsWith(`${root.toLowerCase()}/`)) return p.slice(root.length + 1)
    if (outDir && p.toLowerCase().startsWith(`${outDir.toLowerCase()}/`)) return p.slice(outDir.length + 1)
    return p
  }
}

/** Unity's platform names (BuildTarget enum) and a few aliases, to SLATE's nine targets. */
const ALIASES: Record<string, BuildTarget> = {
  standalonewindows: 'StandaloneWindows64',
  win64: 'StandaloneWindows64',
  windows: 'StandaloneWindows64',
  standaloneosxintel64: 'StandaloneOSX',
  standaloneosxuniversal: 'StandaloneOSX',
  osxuniversal: 'StandaloneOSX',
  macos: 'StandaloneOSX',
  standalonelinux: 'StandaloneLinux64',
  linux64: 'StandaloneLinux64',
  linux: 'StandaloneLinux64',
  iphone: 'iOS',
  xboxseries: 'GameCoreXboxSeries',
  gamecorescarlett: 'GameCoreXboxSeries',
  nintendoswitch: 'Switch',
}

export function targetOfPlatform(platform: string): BuildTarget | null {
  const p = platform.trim()
  const exact = (BUILD_TARGETS as readonly string[]).find((t) => t.toLowerCase() === p.toLowerCase())
  return (exact as BuildTarget | undefined) ?? ALIASES[p.toLowerCase()] ?? null
}
