// Compiles the whole bridge package (Runtime + Editor, BuildCommand included) against the Unity
// reference stubs with Debian's Mono C# compiler (mcs), once per Unity version: the stubs and the
// bridge both see that version's UNITY_*_OR_NEWER defines, so an API used in a version that lacks
// it fails here. The bridge's assemblies are built the way Unity builds its asmdefs: the Runtime
// twice (as in a player, and with UNITY_EDITOR as in the Editor), the Editor against it.
// Warnings are errors in the bridge (not in the stubs).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '../..')
const pkg = path.join(root, 'resources/unity-package')
const stubs = path.join(here, 'stubs')

// Unity defines UNITY_X_Y_OR_NEWER for every release up to its own.
const RELEASES = ['2019_1', '2019_2', '2019_3', '2019_4', '2020_1', '2020_2', '2020_3', '2021_1', '2021_2', '2021_3',
  '2022_1', '2022_2', '2022_3', '2023_1', '2023_2', '6000_0']
export const VERSIONS = ['2019_4', '2020_2', '2020_3', '2021_3', '2022_3', '6000_0']

export function definesFor(version) {
  const upto = RELEASES.slice(0, RELEASES.indexOf(version) + 1)
  const [major, minor] = version.split('_')
  return [...upto.map((r) => `UNITY_${r}_OR_NEWER`), `UNITY_${major}`, `UNITY_${major}_${minor}`]
}

function cs(dir) {
  const out = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...cs(p))
    else if (e.name.endsWith('.cs')) out.push(p)
  }
  return out.sort()
}

function mcs(args) {
  try {
    execFileSync('mcs', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  } catch (e) {
    const text = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim()
    throw new Error(`mcs ${args.find((a) => a.startsWith('-out:'))} failed:\n${text}`)
  }
}

/** Builds one version into outDir; returns the paths of the assemblies. */
export function compileVersion(version, outDir, { tests = false, bench = false } = {}) {
  fs.mkdirSync(path.join(outDir, 'player'), { recursive: true })
  const d = definesFor(version).join(';')
  const o = (n) => path.join(outDir, n)
  const common = ['-nologo', '-langversion:7', `-define:${d}`]
  // CS0649 (field never assigned) is left out: JsonUtility fills DTO fields through reflection,
  // which the compiler cannot see (Unity itself reports it as a warning only).
  const strict = ['-warnaserror+', '-warn:4', '-nowarn:649']
  // The stubs: UnityEngine.dll, UnityEditor.dll (the stand-in controls live in them).
  mcs([...common, '-nowarn:67,414', '-target:library', `-out:${o('UnityEngine.dll')}`,
    ...['UnityEngine.cs', 'UnityProfiling.cs', 'StandIn.cs'].map((f) => path.join(stubs, f))])
  mcs([...common, '-nowarn:67,414', '-target:library', `-out:${o('UnityEditor.dll')}`, `-r:${o('UnityEngine.dll')}`,
    ...['UnityEditor.cs', 'UnityEditorBuild.cs', 'UnityEditorPlatforms.cs', 'EditorStandIn.cs'].map((f) => path.join(stubs, f))])
  const runtime = cs(path.join(pkg, 'Runtime'))
  const editor = cs(path.join(pkg, 'Editor'))
  for (const f of [...runtime, ...editor]) {
    if (/Slate\.StandIn/.test(fs.readFileSync(f, 'utf8'))) throw new Error(`${f} uses the stand-in's controls (Slate.StandIn), which Unity does not have`)
  }
  // As in a player: no UnityEditor reference, no UNITY_EDITOR.
  mcs([...common, ...strict, '-target:library', `-out:${o('player/Slate.Bridge.Runtime.dll')}`, `-r:${o('UnityEngine.dll')}`, ...runtime])
  // As in the Editor.
  mcs([...common, ...strict, '-define:UNITY_EDITOR', '-target:library', `-out:${o('Slate.Bridge.Runtime.dll')}`, `-r:${o('UnityEngine.dll')}`, ...runtime])
  mcs([...common, ...strict, '-define:UNITY_EDITOR', '-target:library', `-out:${o('Slate.Bridge.Editor.dll')}`,
    `-r:${o('UnityEngine.dll')}`, `-r:${o('UnityEditor.dll')}`, `-r:${o('Slate.Bridge.Runtime.dll')}`, ...editor])
  if (tests) {
    mcs([...common, ...strict, '-define:UNITY_EDITOR', '-target:exe', `-out:${o('BridgeTests.exe')}`, '-r:System.dll', '-r:System.Core.dll',
      `-r:${o('UnityEngine.dll')}`, `-r:${o('UnityEditor.dll')}`, `-r:${o('Slate.Bridge.Runtime.dll')}`, `-r:${o('Slate.Bridge.Editor.dll')}`,
      ...cs(path.join(here, 'tests'))])
  }
  if (tests) {
    // The player variant of the Runtime, booted as in a player (test/bridge/player-tests).
    mcs([...common, ...strict, '-target:exe', `-out:${o('player/BridgePlayerTests.exe')}`, '-r:System.dll', '-r:System.Core.dll',
      `-r:${o('UnityEngine.dll')}`, `-r:${o('player/Slate.Bridge.Runtime.dll')}`,
      path.join(here, 'tests/TestRunner.cs'), path.join(here, 'tests/Core.cs'), ...cs(path.join(here, 'player-tests'))])
    fs.copyFileSync(o('UnityEngine.dll'), o('player/UnityEngine.dll')) // beside the program, as Mono looks for it
  }
  if (bench) {
    mcs([...common, '-define:UNITY_EDITOR', '-target:exe', `-out:${o('BridgeBench.exe')}`, '-main:Slate.Bridge.Bench.BridgeBench', '-r:System.dll', '-r:System.Core.dll',
      `-r:${o('UnityEngine.dll')}`, `-r:${o('UnityEditor.dll')}`, `-r:${o('Slate.Bridge.Runtime.dll')}`, `-r:${o('Slate.Bridge.Editor.dll')}`,
      ...cs(path.join(here, 'tests')), ...cs(path.join(here, 'bench'))])
  }
  return { dir: outDir, tests: o('BridgeTests.exe'), playerTests: o('player/BridgePlayerTests.exe'), bench: o('BridgeBench.exe') }
}

/** Unity imports only what has a .meta: every file and folder of the package (outside `~`
 * folders, which Unity skips) needs one with its own GUID, and no .meta may be orphaned. */
export function checkPackageMetas() {
  const problems = []
  const guids = new Map()
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      const rel = path.relative(pkg, p)
      if (e.name.endsWith('~') || e.name.startsWith('.')) continue
      if (e.name.endsWith('.meta')) {
        if (!fs.existsSync(p.slice(0, -5))) problems.push(`${rel} has no asset`)
        const guid = /^guid: ([0-9a-f]{32})$/m.exec(fs.readFileSync(p, 'utf8'))?.[1]
        if (!guid) problems.push(`${rel} has no 32-hex guid`)
        else if (guids.has(guid)) problems.push(`${rel} repeats the guid of ${guids.get(guid)}`)
        else guids.set(guid, rel)
        continue
      }
      if (!fs.existsSync(`${p}.meta`)) problems.push(`${rel} has no .meta`)
      if (e.isDirectory()) walk(p)
    }
  }
  walk(pkg)
  return problems
}
