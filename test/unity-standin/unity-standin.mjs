#!/usr/bin/env node
// A stand-in for the Unity Editor in batch mode, for tests and benchmarks (Unity cannot run here).
// It behaves like Unity at the process boundary: it checks its arguments the way SLATE's build
// needs them, replays a real editor log from ../shared/fixtures/logs to the log target
// (`-logFile -` = stdout) at a steady pace, writes the bridge's JSON report to `-slateReportPath`
// and exits with the code Unity would. Plain ESM JavaScript with no dependencies, so the same file
// runs in the Docker test image (a copied node binary and nothing else).
//
// Environment:
//   SLATE_STANDIN_SCENARIO   success (default) | compile-errors | failure-report | exit-no-report |
//                            exit0-no-report | licensing | slow (replays log 01, then hangs until killed)
//   SLATE_STANDIN_DURATION_MS  how long the log replay takes (default 1500; `slow` uses 10 min)
//   SLATE_STANDIN_LOGS       folder of the fixture logs (default: ../../../shared/fixtures/logs)
//   SLATE_STANDIN_STAMPS     file to append `<wall-ms> <event>` lines to (benchmarks)
//   SLATE_STANDIN_CHILD_PID_FILE  in `slow`, spawn a child process and write its pid here
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const startedAt = performance.timeOrigin
const here = path.dirname(fileURLToPath(import.meta.url))
const env = process.env
const scenario = env.SLATE_STANDIN_SCENARIO || 'success'
const logsDir = env.SLATE_STANDIN_LOGS || path.resolve(here, '../../../shared/fixtures/logs')
const LOG1 = '01_unity6000.1.3f1_batchmode_build_success__lsa26_KeepDriving.log'
const LOG2 = '02_unity2020.3.31f1_android_build_failed_CS0246_gradle__AgerstnerDev_Logs.log'
const VALID_TARGETS = ['Win64', 'OSXUniversal', 'Linux64', 'Android', 'iOS', 'WebGL', 'PS5', 'GameCoreXboxSeries', 'Switch']

stamp('process-start', startedAt)
// Tests that kill a worker mid-build use this to clean up the editor it leaves behind.
if (env.SLATE_STANDIN_PID_DIR) {
  try {
    fs.writeFileSync(path.join(env.SLATE_STANDIN_PID_DIR, String(process.pid)), '')
  } catch {
    /* best effort */
  }
}

function stamp(event, at = performance.timeOrigin + performance.now()) {
  if (env.SLATE_STANDIN_STAMPS) fs.appendFileSync(env.SLATE_STANDIN_STAMPS, `${at.toFixed(3)} ${event}\n`)
}

function arg(name) {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : undefined
}

// Unity prints argument problems to the log target and exits 1 ("Aborting batchmode due to failure").
function abort(message) {
  process.stdout.write(`Aborting batchmode due to failure:\n${message}\n`)
  process.exit(1)
}

for (const flag of ['-batchmode', '-quit', '-nographics']) if (!process.argv.includes(flag)) abort(`stand-in: missing ${flag}`)
const projectPath = arg('-projectPath')
if (!projectPath || !fs.existsSync(path.join(projectPath, 'ProjectSettings'))) abort(`Couldn't set project path to: ${projectPath}`)
const buildTarget = arg('-buildTarget')
if (!VALID_TARGETS.includes(buildTarget)) abort(`Invalid build target ${buildTarget}`)
// The bridge package's two entry points: players (BuildCommand) and content builds (ContentBuildCommand).
if (!['Slate.Bridge.BuildCommand.Build', 'Slate.Bridge.ContentBuildCommand.Build'].includes(arg('-executeMethod'))) abort(`executeMethod class 'BuildCommand' could not be found (${arg('-executeMethod')})`)
const logTarget = arg('-logFile')
if (logTarget === undefined) abort('stand-in: SLATE always passes -logFile')
const reportPath = arg('-slateReportPath')
if (!reportPath) abort('stand-in: missing -slateReportPath')
const outputPath = arg('-slateOutputPath')

const out = logTarget === '-' ? process.stdout : fs.createWriteStream(logTarget, { flags: 'a' })

async function write(text) {
  if (!out.write(text)) await new Promise((r) => out.once('drain', r))
}

/** Replay a log's lines (raw bytes: CRLF and NUL blocks included) over `durationMs`. */
async function replay(file, durationMs, { fromLine = 0, toLine = Infinity } = {}) {
  const data = fs.readFileSync(path.join(logsDir, file))
  const lines = []
  let start = 0
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 10) {
      lines.push(data.subarray(start, i + 1))
      start = i + 1
    }
  }
  if (start < data.length) lines.push(data.subarray(start))
  const chosen = lines.slice(fromLine, Math.min(toLine, lines.length))
  const tick = 10
  const perTick = Math.max(1, Math.ceil((chosen.length * tick) / Math.max(durationMs, 1)))
  for (let i = 0; i < chosen.length; i += perTick) {
    const batch = chosen.slice(i, i + perTick)
    // The time is taken just before the write: "line written" is when it left Unity.
    const writtenAt = performance.timeOrigin + performance.now()
    await write(Buffer.concat(batch))
    for (const l of batch) {
      if (l.includes('DisplayProgressbar:') || l.includes('Build Finished')) stamp(`line ${l.toString('utf8').trim()}`, writtenAt)
    }
    await new Promise((r) => setTimeout(r, tick))
  }
}

function describeEnvironment() {
  const lines = [`SLATE-STANDIN uid=${process.getuid?.() ?? 'n/a'} target=${buildTarget} scenario=${scenario}`]
  // How Unity would be licensed: a .ulf where Unity reads it, or serial activation arguments.
  const ulf = path.join(env.HOME ?? '/nonexistent', '.local/share/unity3d/Unity/Unity_lic.ulf')
  const licence = fs.existsSync(ulf) ? `ulf(${fs.readFileSync(ulf, 'utf8').length} bytes)` : process.argv.includes('-serial') ? `serial(user=${arg('-username')})` : 'none'
  lines.push(`SLATE-STANDIN licence=${licence}`)
  // Resource limits as the kernel enforces them (cgroup v2, or v1 on older hosts): a container
  // test proves its limits by reading these lines back.
  const read = (f) => {
    try {
      return fs.readFileSync(f, 'utf8').trim()
    } catch {
      return null
    }
  }
  const memory = read('/sys/fs/cgroup/memory.max') ?? read('/sys/fs/cgroup/memory/memory.limit_in_bytes')
  if (memory) lines.push(`SLATE-STANDIN limit memory=${memory}`)
  const cpuV2 = read('/sys/fs/cgroup/cpu.max')
  const cpu = cpuV2 ? cpuV2.replace(' ', '/') : read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us') && `${read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')}/${read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')}`
  if (cpu) lines.push(`SLATE-STANDIN limit cpu=${cpu}`)
  // The Library folder is Unity's import cache: count runs in it, so tests can see it persist.
  try {
    const marker = path.join(projectPath, 'Library', 'slate-standin-runs.txt')
    fs.mkdirSync(path.dirname(marker), { recursive: true })
    const runs = Number(fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : 0) + 1
    fs.writeFileSync(marker, String(runs))
    lines.push(`SLATE-STANDIN library-runs=${runs}`)
  } catch (err) {
    lines.push(`SLATE-STANDIN library not writable: ${err.code ?? err}`)
  }
  return lines.join('\n') + '\n'
}

function writePlayer() {
  if (!outputPath) return 0
  fs.mkdirSync(path.dirname(outputPath), { recursive: true })
  const body = Buffer.alloc(64 * 1024, 7)
  fs.writeFileSync(outputPath, body)
  return body.length
}

function standinPacked() {
  const scale = Number(env.SLATE_STANDIN_AUDIO_SCALE || 1)
  return [
    { guid: '1b2c000000000000000000000000aa01', path: 'Assets/Textures/small.png', size: 1024, type: 'Texture2D' },
    { guid: '3d4e000000000000000000000000aa02', path: 'Assets/Audio/theme.ogg', size: Math.round(524288 * scale), type: 'AudioClip' },
    { guid: '5f6a000000000000000000000000aa03', path: 'Assets/Scenes/Main.unity', size: 65536, type: 'SceneAsset' },
  ]
}

function writeReport(result, { totalSize = 0, errors = [], startedIso }) {
  const packed = standinPacked()
  const endedIso = new Date().toISOString()
  const report = {
    result,
    platform: buildTarget,
    outputPath: outputPath ?? '',
    totalTimeMs: Date.now() - Date.parse(startedIso),
    totalSize,
    totalErrors: errors.length,
    totalWarnings: 1,
    buildStartedAt: startedIso,
    buildEndedAt: endedIso,
    steps: [
      { name: 'Build player', depth: 0, durationMs: 1200, messages: [] },
      { name: 'Compile scripts', depth: 1, durationMs: 400, messages: errors.map((e) => ({ type: 'Error', content: e })) },
      { name: 'Write asset files', depth: 1, durationMs: 500, messages: [{ type: 'Warning', content: 'Compressed texture rocks new logo is used as icon.' }] },
    ],
    packedAssets: result === 'Succeeded' ? packed.map((p) => ({ sourceAssetGUID: p.guid, sourceAssetPath: p.path, packedSize: p.size, type: p.type })) : [],
  }
  // What the bridge adds for build sizes (ReportJson.cs / ContentBuildCommand.cs): the files written
  // and what was packed into each. SLATE_STANDIN_AUDIO_SCALE grows the audio clip, to test budgets.
  if (result === 'Succeeded') {
    const content = arg('-slateContent')
    report.kind = content || 'player'
    const data = content ? 'Bundles/level1' : 'Game_Data/sharedassets0.assets'
    const byFile = new Map()
    for (const p of packed) {
      const file = p.type === 'AudioClip' ? (content ? 'Bundles/audio' : 'Game_Data/sharedassets0.resource') : data
      if (!byFile.has(file)) byFile.set(file, [])
      byFile.get(file).push({ guid: p.guid, path: p.path, type: p.type, size: p.size, objects: 1 })
    }
    report.packedFiles = [...byFile].map(([file, contents]) => ({ file, contents }))
    report.files = [...byFile].map(([file, contents]) => ({ path: file, role: content ? 'AssetBundle' : 'SharedAssets', size: contents.reduce((s, c) => s + c.size, 0) + 4096 }))
    if (!content) report.files.push({ path: 'Game.exe', role: 'Executable', size: totalSize })
  }
  fs.mkdirSync(path.dirname(reportPath), { recursive: true })
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2))
}

async function main() {
  const startedIso = new Date().toISOString()
  const duration = Number(env.SLATE_STANDIN_DURATION_MS || (scenario === 'slow' ? 600_000 : 1500))
  await write(describeEnvironment())
  switch (scenario) {
    case 'success': {
      await replay(LOG1, duration)
      writeReport('Succeeded', { totalSize: writePlayer(), startedIso })
      return 0
    }
    case 'compile-errors': {
      // Unity with compiler errors never reaches the build method: no report, exit 1.
      await replay(LOG2, duration)
      await write('Scripts have compiler errors.\nAborting batchmode due to failure:\nScripts have compiler errors.\n')
      return 1
    }
    case 'failure-report': {
      // The build ran and failed (Gradle), yet the editor exits 0: only the report tells.
      await replay(LOG2, duration, { fromLine: 8500 })
      writeReport('Failed', { startedIso, errors: ['Gradle build failed.', 'Duplicate class android.support.compat.BuildConfig found'] })
      return 0
    }
    case 'exit-no-report': {
      await replay(LOG1, duration, { toLine: 600 })
      await write('Crash!!!\nSegmentation fault\n')
      return 139
    }
    case 'exit0-no-report': {
      await replay(LOG1, duration, { toLine: 300 })
      return 0
    }
    case 'licensing': {
      await replay(LOG1, Math.min(duration, 300), { toLine: 27 })
      await write('[Licensing::Module] Error: Failed to activate ULF license\nNo valid Unity Editor license found. Please activate your license.\n')
      return 1
    }
    case 'slow': {
      if (env.SLATE_STANDIN_CHILD_PID_FILE) {
        // Unity starts helpers (licensing client, shader compiler, bee_backend): cancel must kill them too.
        const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
        fs.writeFileSync(env.SLATE_STANDIN_CHILD_PID_FILE, String(child.pid))
      }
      await replay(LOG1, duration)
      // Then hang, like an editor stuck after its build: only a cancel ends this scenario, so a
      // test can cancel at any stage, the last included, without racing the build's own end.
      await new Promise(() => setInterval(() => {}, 60_000))
      return 0
    }
    default:
      await write(`stand-in: unknown scenario ${scenario}\n`)
      return 2
  }
}

const code = await main()
if (out !== process.stdout) await new Promise((r) => out.end(r))
stamp('exit')
process.exitCode = code
