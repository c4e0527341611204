import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { logFixture } from '../testing/fixtures'
import { parseUnityLog } from './unity-log-parser'
import { summarizeEntries } from './build-summary'

const summarize = (text: string | Buffer) => summarizeEntries(parseUnityLog(text))
const cleanLines = (raw: Buffer) => raw.toString('utf8').replace(/\0/g, '').split('\n').map((l) => l.replace(/\r+$/, ''))

describe('the verdict of the shared logs, against what a reader finds in the text', () => {
  it('log 01 (batch-mode Android build): succeeded, decided by its "Build Finished" line, with the utp duration', () => {
    const raw = fs.readFileSync(logFixture(1))
    const lines = cleanLines(raw)
    const finished = lines.findIndex((l) => l.startsWith('Build Finished, Result: ')) + 1
    const utp = JSON.parse(lines.find((l) => l.startsWith('##utp:{"type":"PlayerBuildInfo"'))!.slice('##utp:'.length)) as { duration: number }
    const s = summarize(raw)
    expect(s).toMatchObject({ verdict: 'succeeded', result: 'Success', verdictLine: finished, durationSeconds: utp.duration / 1000 })
    // Its only errors come from the licensing client and from a device daemon after the build: none is the build's.
    expect(s.firstError).toBeNull()
  })

  it('log 02 (Editor Android build with CS0246 and a Gradle failure): failed, 71 s, the first CS error first', () => {
    const raw = fs.readFileSync(logFixture(2))
    const lines = cleanLines(raw)
    const verdict = lines.findIndex((l) => l.startsWith("Build completed with a result of 'Failed'")) + 1
    const seconds = Number(/\((\d+) ms\)/.exec(lines[verdict - 1])![1]) / 1000
    const firstCs = lines.findIndex((l) => /\): error CS\d+: /.test(l)) + 1
    const csErrors = lines.filter((l) => /\): error CS\d+: /.test(l)).length
    const s = summarize(raw)
    expect(s).toMatchObject({ verdict: 'failed', result: 'Failed', verdictLine: verdict, durationSeconds: seconds })
    expect(s.firstError).toMatchObject({ logLine: firstCs, file: expect.stringMatching(/^Assets\/.*\.cs$/), line: expect.any(Number) })
    expect(s.errors).toBeGreaterThanOrEqual(csErrors)
  })
})

describe('verdicts on snippets: what the log says about the build, never keywords alone', () => {
  it('errors without a result line are unknown, not failed', () => {
    expect(summarize('Error: something odd\nNullReferenceException: x\n  at A.B () [0x0] in <abc>:0\n').verdict).toBe('unknown')
  })

  it('a result line wins over error keywords around it', () => {
    const s = summarize("[Licensing::Module] Error: Access token is unavailable\nShader error in 'X': undeclared identifier 'y' at line 3 (on d3d11)\nBuild Finished, Result: Success.\n")
    expect(s.verdict).toBe('succeeded')
    expect(s.errors).toBe(2)
    expect(s.firstError?.message).toMatch(/^Shader error/)
  })

  it("Unity's forms: Build completed with a result of …, Failure, Cancelled, the utp build message", () => {
    expect(summarize("Build completed with a result of 'Succeeded' in 12 seconds (12345 ms)\n")).toMatchObject({ verdict: 'succeeded', durationSeconds: 12.345 })
    expect(summarize('Build Finished, Result: Failure.\n').verdict).toBe('failed')
    expect(summarize("Build completed with a result of 'Cancelled' in 1 seconds (900 ms)\n")).toMatchObject({ verdict: 'failed', result: 'Cancelled' })
    expect(summarize('##utp:{"type":"BuildResult","version":2,"result":"Failed","totalTime":4200}\n')).toMatchObject({ verdict: 'failed', durationSeconds: 4.2 })
  })

  it('how batch mode ended decides when Unity gave no build result', () => {
    expect(summarize('Scripts have compiler errors.\nAborting batchmode due to failure:\nExecuting method failed\n').verdict).toBe('failed')
    expect(summarize('Exiting batchmode successfully now!\n').verdict).toBe('succeeded')
    expect(summarize('Exiting without the bug reporter. Application will terminate with return code 1\n')).toMatchObject({ verdict: 'failed', result: 'exit code 1' })
  })

  it('a failure after a successful build (aborted afterwards, Xcode failed on the export) makes it failed', () => {
    expect(summarize('Build Finished, Result: Success.\nAborting batchmode due to failure:\n').verdict).toBe('failed')
    expect(summarize('Build Finished, Result: Success.\n** ARCHIVE FAILED **\n').verdict).toBe('failed')
    // …but a success after a failed build does not rescue it.
    expect(summarize('Build Finished, Result: Failure.\nExiting batchmode successfully now!\n').verdict).toBe('failed')
  })

  it("a tool's own log: Gradle, Xcode and MSBuild verdicts with their durations", () => {
    expect(summarize('> Task :app:assembleRelease\nBUILD SUCCESSFUL in 1m 5s\n12 actionable tasks: 12 executed\n')).toMatchObject({ verdict: 'succeeded', durationSeconds: 65 })
    expect(summarize('FAILURE: Build failed with an exception.\n\n* What went wrong:\nboom\n\nBUILD FAILED in 850ms\n')).toMatchObject({ verdict: 'failed', durationSeconds: 0.85, firstError: { message: 'boom' } })
    expect(summarize('** BUILD SUCCEEDED **\n').verdict).toBe('succeeded')
    expect(summarize('Build FAILED.\n    0 Warning(s)\n    1 Error(s)\nTime Elapsed 00:01:02.50\n')).toMatchObject({ verdict: 'failed', durationSeconds: 62.5 })
  })

  it('an Editor.log of an editing session says nothing about a build: unknown', () => {
    expect(summarize('Refresh completed in 0.04 seconds.\nReloading assemblies after forced synchronous recompile.\n')).toMatchObject({ verdict: 'unknown', result: null, errors: 0 })
  })
})
