/**
 * Generated text BuildReports for tests and the bench: N packed objects of A source assets spread
 * over F output files, in the layout Unity writes (see ../packed-scanner.ts). Deterministic for a
 * seed; `variant` changes some assets (grown, shrunk, removed, added) the way a week of work does.
 */
export interface GenOptions {
  objects: number
  assets?: number
  files?: number
  seed?: number
  /** 0 = the base build; 1 = a later build of the same project with changes. */
  variant?: 0 | 1
}

function rng(seed: number) {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

const CLASSES = ['28', '213', '43', '21', '74', '83', '114', '1', '4', '48', '49']
const EXT: Record<string, string> = { '28': 'png', '213': 'png', '43': 'fbx', '21': 'mat', '74': 'anim', '83': 'wav', '114': 'asset', '1': 'prefab', '4': 'prefab', '48': 'shader', '49': 'txt' }

export function guidOf(i: number): string {
  return (i + 1).toString(16).padStart(8, '0') + 'abcdef0123456789abcdef01'
}

/** The report as chunks of text (never one giant string: a 70 MB report is written streaming). */
export function* generateReport(o: GenOptions): Generator<string> {
  const rand = rng(o.seed ?? 42)
  const assets = o.assets ?? Math.max(1, Math.floor(o.objects / 4))
  const files = o.files ?? 20
  const variant = o.variant ?? 0
  const root = 'C:/Users/dev/Projects/Gen'
  const fileIds = Array.from({ length: files }, (_, i) => ({ id: 1000 + i, path: `${root}/Temp/StagingArea/Data/sharedassets${i}.assets`, size: 0 }))
  // Packed objects, grouped per file.
  const perFile: string[][] = fileIds.map(() => [])
  const shift = variant === 1 ? Math.floor(assets / 50) : 0
  for (let k = 0; k < o.objects; k++) {
    let a = Math.floor(rand() * assets)
    // Variant 1: the first `shift` assets are gone, as many new ones appear past the end.
    if (variant === 1 && a < shift) a = assets + a
    const cls = CLASSES[a % CLASSES.length]
    let size = 16 + Math.floor(rand() * rand() * 400_000)
    if (variant === 1 && a % 97 === 0) size = size * 3
    if (variant === 1 && a % 89 === 0) size = Math.floor(size / 2)
    // Some objects big enough to need more than 32 bits when summed.
    if (a % 5003 === 0) size += 2 ** 31 + 17
    const f = a % 7 === 0 ? (a + k) % files : a % files
    fileIds[f].size += size
    const folder = `Assets/Content/Group${a % 37}/Sub${a % 5}`
    const path = a % 101 === 0 ? `'${folder}/It''s asset ${a}.${EXT[cls]}'` : `${folder}/asset_${a}.${EXT[cls]}`
    perFile[f].push(
      `  - fileID: ${k + 1}\n    classID: ${cls}\n    packedSize: ${size}\n    offset: ${k * 16}\n    sourceAssetGUID: ${guidOf(a)}\n    buildTimeAssetPath: ${path}\n`,
    )
  }
  yield '%YAML 1.1\n%TAG !u! tag:unity3d.com,2011:\n'
  const total = fileIds.reduce((s, f) => s + f.size + 4096, 0)
  let head = `--- !u!1125 &1\nBuildReport:\n  m_ObjectHideFlags: 0\n  m_Name: Generated-${variant}\n  m_Summary:\n    buildStartTime:\n      serializedVersion: 2\n      ticks: 63818324268896${4239 + variant}\n`
  head += `    buildGUID: ${((o.seed ?? 42) * 2 + variant + 1).toString(16).padStart(8, '0')}9e0c5ea7b1d24f6a8c3e5b7d\n    platformName: StandaloneWindows64\n    platformGroupName: Standalone\n    options: 0\n    assetBundleOptions: 0\n`
  head += `    outputPath: ${root}/Builds/Gen.exe\n    crc: 0\n    totalSize: ${total}\n    totalTimeTicks: ${836697048 + variant * 1000}\n    totalErrors: 0\n    totalWarnings: 0\n    buildType: 1\n    buildResult: 1\n  m_Files:\n`
  yield head
  for (const f of fileIds) yield `  - path: ${f.path}\n    role: SharedAssets\n    id: ${f.id}\n    totalSize: ${f.size + 4096}\n`
  yield `  m_BuildSteps:\n  - stepName: Build player\n    durationTicks: 836697048\n    depth: 0\n    messages: []\n  - stepName: Write assets\n    durationTicks: 1000\n    depth: 1\n    messages:\n    - type: 2\n      content: 'A long warning that Unity wraps\n        onto a second line'\n  m_Appendices: []\n`
  for (let i = 0; i < files; i++) {
    yield `--- !u!1126 &${-1_000_000_000_000_000 - i}\nPackedAssets:\n  m_File: ${fileIds[i].id}\n  m_ShortPath: sharedassets${i}.assets\n  m_Overhead: 4096\n  m_Contents:\n`
    const rows = perFile[i]
    for (let k = 0; k < rows.length; k += 2000) yield rows.slice(k, k + 2000).join('')
  }
  yield '--- !u!641289076 &3271015581307496918\nAudioBuildInfo:\n  m_IsAudioDisabled: 0\n'
}

export function generateReportText(o: GenOptions): string {
  return [...generateReport(o)].join('')
}
