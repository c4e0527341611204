import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { logFixture } from '../testing/fixtures'
import { parseUnityLog } from './unity-log-parser'
import type { LogEntry } from './types'

const log2 = fs.readFileSync(logFixture(2))
const log1 = fs.readFileSync(logFixture(1))

/** The entry a log line (1-based, after NUL/CRLF clean-up) belongs to. */
function entryAt(entries: LogEntry[], line: number): LogEntry | undefined {
  let lo = 0
  let hi = entries.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (entries[mid].firstLine <= line) lo = mid
    else hi = mid - 1
  }
  const e = entries[lo]
  return e && e.firstLine <= line && line <= e.lastLine ? e : undefined
}

/** Line numbers of `text` in the cleaned log, found without the parser. */
function linesOf(raw: Buffer, test: (line: string) => boolean): number[] {
  const lines = raw.toString('utf8').replace(/\0/g, '').split('\n').map((l) => l.replace(/\r+$/, ''))
  const out: number[] = []
  lines.forEach((l, i) => test(l) && out.push(i + 1))
  return out
}

describe('tool output in the failed Android build (log 02)', () => {
  const entries = parseUnityLog(log2)

  it("is an error where Gradle says it failed: CommandInvokationFailure, FAILURE / What went wrong, the duplicate classes", () => {
    for (const n of linesOf(log2, (l) => l.startsWith('CommandInvokationFailure: Gradle build failed'))) expect(entryAt(entries, n)?.level).toBe('error')
    const wrong = linesOf(log2, (l) => l === '* What went wrong:')
    expect(wrong.length).toBeGreaterThanOrEqual(2)
    for (const n of wrong) expect(entryAt(entries, n)?.level).toBe('error')
    const dup = linesOf(log2, (l) => /^\s*Duplicate class /.test(l))
    expect(dup.length).toBeGreaterThan(100)
    for (const n of dup) expect(entryAt(entries, n)?.level).toBe('error')
    const gradle = entries.find((e) => e.tool === 'gradle' && e.level === 'error')
    expect(gradle?.headline).toBe("Execution failed for task ':launcher:checkReleaseDuplicateClasses'.")
  })

  it('is info where Gradle and the JVM only report (the JVM options line, the task summary) outside the failure', () => {
    const picked = entries.filter((e) => e.message.startsWith('Picked up JAVA_TOOL_OPTIONS'))
    expect(picked.length).toBeGreaterThan(0)
    for (const e of picked) expect(e).toMatchObject({ level: 'info', tool: 'java' })
    // The first "23 actionable tasks" is Gradle's stdout relayed with Debug.LogError: still info.
    const tasks = linesOf(log2, (l) => /^\d+ actionable tasks: /.test(l))[0]
    expect(entryAt(entries, tasks)).toMatchObject({ level: 'info', tool: 'gradle' })
    expect(entryAt(entries, tasks)?.stack.some((f) => f.text.startsWith('UnityEngine.Debug:LogError'))).toBe(true)
  })

  it('keeps the CommandInvokationFailure, its stderr/stdout and exit code, and its Mono frames as one entry', () => {
    const start = linesOf(log2, (l) => l.startsWith('CommandInvokationFailure:'))[0]
    const exit = linesOf(log2, (l) => /^exit code: \d+/.test(l))[0]
    const e = entryAt(entries, start)!
    expect(e.firstLine).toBe(start)
    expect(e.lastLine).toBeGreaterThan(exit)
    expect(e.stack[0].text).toMatch(/^at UnityEditor\.Android\.Command\.WaitForProgramToRun/)
    expect(e.stack.some((f) => f.text.startsWith('Rethrow as GradleInvokationException'))).toBe(true)
  })

  it('groups timing lines instead of one entry each, and loses no line', () => {
    const timing = linesOf(log2, (l) => /^Android PostProcess task ".*" took [\d.]+ ms$/.test(l))
    const groups = new Set(timing.map((n) => entryAt(entries, n)))
    expect(groups.size).toBeLessThan(timing.length / 3)
    for (const g of groups) expect(g).toMatchObject({ kind: 'group', group: 'timing', level: 'info' })
  })
})

describe('batch-mode lines in the successful build (log 01)', () => {
  const entries = parseUnityLog(log1)

  it('groups DisplayProgressbar and [Licensing::…] runs; a licensing Error stays its own entry', () => {
    const progress = linesOf(log1, (l) => l.startsWith('DisplayProgressbar: '))
    for (const n of progress) expect(entryAt(entries, n)).toMatchObject({ kind: 'group', group: 'progress' })
    const licensing = linesOf(log1, (l) => l.startsWith('[Licensing::'))
    const groups = new Set(licensing.map((n) => entryAt(entries, n)))
    expect(groups.size).toBeLessThan(licensing.length / 2)
    const err = linesOf(log1, (l) => /^\[Licensing::\w+\] Error/.test(l))[0]
    expect(entryAt(entries, err)).toMatchObject({ level: 'error', tool: 'licensing', firstLine: err, lastLine: err })
  })

  it('a Debug.Log message under a run of grouped lines keeps its own stack and level', () => {
    const started = entries.find((e) => e.message === 'Starting Android build process...')
    expect(started).toMatchObject({ kind: 'script', level: 'info', file: 'Assets/Editor/BuildAndroid.cs' })
  })
})

const snippet = (lines: string[]) => parseUnityLog(lines.join('\n') + '\n')
const levels = (entries: LogEntry[]) => entries.map((e) => [e.group ?? e.tool ?? e.kind, e.level])

describe('each tool, on snippets of what it prints', () => {
  it('Gradle: a task list is one info block; a failure report to BUILD FAILED is one error with its headline', () => {
    const e = snippet([
      '> Task :launcher:preBuild UP-TO-DATE',
      '> Task :launcher:mergeReleaseResources',
      '12 actionable tasks: 2 executed, 10 up-to-date',
      '',
      'FAILURE: Build failed with an exception.',
      '',
      '* What went wrong:',
      "Execution failed for task ':launcher:mergeReleaseResources'.",
      '> A failure occurred while executing MergeResources',
      '',
      '* Try:',
      'Run with --stacktrace option to get the stack trace.',
      '',
      'BUILD FAILED in 3s',
    ])
    expect(levels(e)).toEqual([
      ['gradle', 'info'],
      ['gradle', 'error'],
    ])
    expect(e[1].headline).toBe("Execution failed for task ':launcher:mergeReleaseResources'.")
    expect(e[1].lastLine).toBe(14)
  })

  it('Android build tools: aapt errors with their file and line, d8/R8 by their own level', () => {
    const e = snippet([
      "ERROR: /proj/Temp/gradleOut/launcher/src/main/res/values/styles.xml:4: AAPT: error: resource android:attr/lStar not found.",
      'AGPBI: nothing',
      'ERROR: D8: Cannot fit requested classes in a single dex file (# methods: 70000 > 65536)',
      'Warning in /proj/classes.jar: R8: Missing class org.foo.Bar',
      'R8: Ignoring option -keepattributes',
    ])
    expect(levels(e)).toEqual([
      ['android', 'error'],
      ['plain', 'info'],
      ['android', 'error'],
      ['android', 'warning'],
      ['android', 'warning'],
    ])
    expect(e[0]).toMatchObject({ file: '/proj/Temp/gradleOut/launcher/src/main/res/values/styles.xml', line: 4 })
  })

  it('IL2CPP and Bee: errors are errors, invocations and progress are info, Bee failure details stay together', () => {
    const e = snippet([
      'Invoking il2cpp (via bee.exe) with arguments: --convert-to-cpp',
      '[  5/ 40  1s] C_Android_arm64 Lib_Android_arm64/abc.o',
      '[  6/ 40  2s] C_Android_arm64 Lib_Android_arm64/def.o',
      'Building Library/Bee/artifacts/Android/d8kzr/libil2cpp.so failed with output:',
      'ld.lld: error: undefined symbol: Foo',
      '>>> referenced by Bar.cpp',
      '',
      'IL2CPP error for type \'Game.Thing\' in assembly \'Assembly-CSharp.dll\'',
      '*** Tundra build failed (2.31 seconds), 12 items updated, 40 evaluated',
    ])
    expect(levels(e)).toEqual([
      ['il2cpp', 'info'],
      ['progress', 'info'],
      ['bee', 'error'],
      ['il2cpp', 'error'],
      ['bee', 'error'],
    ])
    expect(e[2].message.split('\n')).toHaveLength(3)
  })

  it('Burst: located errors with their code, file, line and column', () => {
    const [e] = snippet(["D:\\Game\\Assets\\Jobs\\Move.cs(42,9): Burst error BC1016: The managed function `System.String.Concat` is not supported"])
    expect(e).toMatchObject({ kind: 'tool', tool: 'burst', level: 'error', code: 'BC1016', file: 'D:/Game/Assets/Jobs/Move.cs', line: 42, column: 9 })
  })

  it('Xcode: clang diagnostics with their location, the failed commands block, the verdict line', () => {
    const e = snippet([
      'CompileC /tmp/build/Objects/UnityAppController.o /proj/Classes/UnityAppController.mm normal arm64',
      '    cd /proj',
      '/proj/Classes/UnityAppController.mm:12:5: error: use of undeclared identifier \'foo\'',
      '/proj/Classes/Other.mm:3:1: warning: unused variable \'x\'',
      'The following build commands failed:',
      '\tCompileC /tmp/build/Objects/UnityAppController.o /proj/Classes/UnityAppController.mm normal arm64',
      '(1 failure)',
      '** BUILD FAILED **',
    ])
    expect(levels(e)).toEqual([
      ['progress', 'info'],
      ['xcode', 'error'],
      ['xcode', 'warning'],
      ['xcode', 'error'],
      ['xcode', 'error'],
    ])
    expect(e[1]).toMatchObject({ file: '/proj/Classes/UnityAppController.mm', line: 12, column: 5 })
    expect(e[3].message.split('\n')).toHaveLength(3)
  })

  it('.NET: CS errors with locations are compiler entries, unlocated CSC/MSBuild errors and the MSBuild verdict are tool entries', () => {
    const e = snippet([
      'Assets/Scripts/Player.cs(10,5): error CS1002: ; expected [/proj/Assembly-CSharp.csproj]',
      'CSC : error CS2001: Source file \'/proj/Gone.cs\' could not be found.',
      'MSBUILD : error MSB1009: Project file does not exist.',
      'Build FAILED.',
      '    0 Warning(s)',
      '    3 Error(s)',
      'Time Elapsed 00:00:01.52',
    ])
    expect(levels(e)).toEqual([
      ['compiler', 'error'],
      ['dotnet', 'error'],
      ['dotnet', 'error'],
      ['dotnet', 'error'],
      ['dotnet', 'info'],
    ])
    expect(e[0]).toMatchObject({ file: 'Assets/Scripts/Player.cs', line: 10, column: 5, compiler: { code: 'CS1002' } })
    expect(e[1].code).toBe('CS2001')
  })

  it('a stack that follows a run of grouped lines belongs only to the last line (a script message)', () => {
    const e = snippet([
      'DisplayProgressbar: Building Player',
      'DisplayProgressbar: Compiling shaders',
      'Level loaded in 3 s',
      'UnityEngine.Debug:LogWarning (object)',
      'Game.Loader:Load () (at Assets/Loader.cs:7)',
      '',
      '(Filename: Assets/Loader.cs Line: 7)',
    ])
    expect(e.map((x) => [x.kind, x.level, x.firstLine, x.lastLine])).toEqual([
      ['group', 'info', 1, 2],
      ['script', 'warning', 3, 7],
    ])
  })

  it('runs in linear time on hostile lines (no pattern backtracks badly)', () => {
    const hostile = [
      'a('.repeat(20_000),
      `ERROR: ${'x:'.repeat(20_000)}`,
      `${'/a'.repeat(20_000)}:`,
      `Building ${'x '.repeat(20_000)}`,
      `${'a '.repeat(20_000)}took`,
      `[ ${' '.repeat(20_000)}`,
      `${'('.repeat(20_000)}1,2): Burst`,
    ]
    // Each line alone: if any pattern were quadratic, 40k-character lines would take seconds each.
    for (const line of hostile) expect(parseUnityLog(`${line}\n`)).toHaveLength(1)
  })
})
