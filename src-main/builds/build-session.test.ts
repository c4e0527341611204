import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBuild, type StartBuildOptions } from './build-session'
import { RecordingSink } from './events'
import { MemoryHistoryStore } from './history-memory'
import { defaultProfile } from './profiles'
import { LocalRunner } from './runners/local-runner'
import { importUnityBuildHistory } from './import-build-history'
import { makeTempProject, standinEnv, standinPath } from './testing/standin'

let project: ReturnType<typeof makeTempProject>
beforeAll(() => {
  project = makeTempProject()
})
afterAll(() => project.remove())

function run(scenario: string, extra: Partial<StartBuildOptions> = {}, env: Record<string, string> = {}) {
  const history = new MemoryHistoryStore()
  const events = new RecordingSink()
  const handle = startBuild({
    projectRoot: project.root,
    profile: defaultProfile('StandaloneLinux64', 'development', 'Game'),
    runner: new LocalRunner(),
    unity: { path: standinPath, version: '6000.1.3f1' },
    history,
    events,
    env: standinEnv(scenario, env),
    ...extra,
  })
  return { handle, history, events }
}

describe('local runner with the Unity stand-in', () => {
  it('a successful build goes through the stages in order and is stored with its report', async () => {
    const { handle, history, events } = run('success')
    const out = await handle.done
    expect(out.verdict).toEqual({ status: 'succeeded', result: 'Succeeded', failureKind: null, reason: null })
    const stages = events.progressEvents.map((e) => e.stage)
    expect(stages[0]).toBe('prepare')
    expect(stages.at(-1)).toBe('finalize')
    expect(stages).toContain('compile')
    const progress = events.progressEvents.map((e) => e.progress)
    expect(progress).toEqual([...progress].sort((a, b) => a - b)) // never goes back
    const job = await history.get(handle.jobId)
    expect(job).toMatchObject({ status: 'succeeded', progress: 100, totalSize: 65536, runner: 'local', origin: 'slate' })
    expect(job!.packedAssets.map((a) => a.size)).toEqual([524288, 65536, 1024]) // biggest first
    expect(job!.steps.length).toBeGreaterThan(0)
    expect(job!.commandLine).toEqual(expect.arrayContaining(['-batchmode', '-quit', '-nographics', '-logFile', '-', '-executeMethod', 'Slate.Bridge.BuildCommand.Build']))
    expect(events.finishedJobs).toHaveLength(1)
    // every line of the log reached a log event, in order
    const lines = events.logEvents.flatMap((e) => e.lines)
    expect(lines).toContain('Build Finished, Result: Success.')
    expect(events.logEvents.every((e, i, all) => i === 0 || e.firstLine === all[i - 1].firstLine + all[i - 1].lines.length)).toBe(true)
  })

  it('progress carries elapsed time and, once there is history, an estimate from it', async () => {
    const first = run('success')
    const done = await first.handle.done
    expect(first.events.progressEvents.every((e) => e.estimatedTotalMs === null && e.elapsedMs >= 0)).toBe(true)
    const second = run('success', { history: first.history })
    await second.handle.done
    expect(second.events.progressEvents.every((e) => e.estimatedTotalMs === done.job.durationMs)).toBe(true)
  })

  it('compile errors: the 98 errors of log 02 come out structured, no report, named as compile errors', async () => {
    const { handle } = run('compile-errors')
    const out = await handle.done
    expect(out.verdict.status).toBe('failed')
    expect(out.verdict.failureKind).toBe('compile-errors')
    expect(out.errors).toHaveLength(98)
    expect(out.errors[0]).toEqual({
      file: 'Assets/UnityARInterface/ARRemote/Scripts/ARRemoteEditorInterface.cs',
      line: 40,
      column: 17,
      code: 'CS0246',
      message: expect.stringContaining("'ARBackgroundRenderer' could not be found"),
    })
    expect(out.job.errorCount).toBe(98)
  })

  it('exceptions in the log come out as structured messages with their type', async () => {
    const { handle, events, history } = run('compile-errors')
    await handle.done
    const exceptions = events.logEvents.flatMap((e) => e.messages).filter((m) => m.type === 'exception')
    expect(exceptions.map((m) => m.content.split('\n')[0])).toContain('UnityEditor.BuildPlayerWindow+BuildMethodException: 4 errors')
    expect((await history.get(handle.jobId))!.messages.filter((m) => m.type === 'exception').length).toBe(exceptions.length)
  })

  it('a report that says Failed is a failure even though Unity exited 0', async () => {
    const { handle } = run('failure-report')
    const out = await handle.done
    expect(out.verdict).toMatchObject({ status: 'failed', result: 'Failed', failureKind: 'report-failed' })
    expect(out.verdict.reason).toMatch(/report says Failed with 2 error\(s\) \(Unity exited with code 0\)/)
  })

  it('a non-zero exit without a report is a failure that says so', async () => {
    const out = await run('exit-no-report').handle.done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'exit-code' })
    expect(out.verdict.reason).toMatch(/exited with code 139 without writing a build report/)
  })

  it('exit 0 without a report is a failure, not a success', async () => {
    const out = await run('exit0-no-report').handle.done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'no-report' })
    expect(out.verdict.reason).toMatch(/com\.slate\.bridge/)
  })

  it('a licensing failure is recognised and named', async () => {
    const out = await run('licensing').handle.done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'licensing' })
    expect(out.verdict.reason).toMatch(/could not get a licence.*Failed to activate ULF license/)
  })

  it('cancel in the middle kills Unity and the processes it started', async () => {
    const pidFile = path.join(project.root, 'child.pid')
    const { handle, events, history } = run('slow', {}, { SLATE_STANDIN_CHILD_PID_FILE: pidFile })
    await events.waitFor(() => events.progressEvents.some((e) => e.stage === 'compile'))
    const childPid = Number(fs.readFileSync(pidFile, 'utf8'))
    await handle.cancel()
    const out = await handle.done
    expect(out.verdict.status).toBe('cancelled')
    expect((await history.get(handle.jobId))?.status).toBe('cancelled')
    expect(isAlive(childPid)).toBe(false)
  })

  for (const stage of ['compile', 'bundles', 'package', 'executable'] as const) {
    it(`cancel works at the ${stage} stage`, async () => {
      const { handle, events } = run('slow', {}, { SLATE_STANDIN_DURATION_MS: '1000' })
      await events.waitFor(() => events.progressEvents.some((e) => e.stage === stage))
      await handle.cancel()
      const out = await handle.done
      expect(out.verdict.status).toBe('cancelled')
      expect(out.job.status).toBe('cancelled')
    })
  }

  it('cancel before Unity starts ends the job as cancelled without running Unity', async () => {
    const { handle, events } = run('success')
    await handle.cancel()
    const out = await handle.done
    expect(out.verdict.status).toBe('cancelled')
    expect(events.logEvents).toHaveLength(0)
  })

  it('a missing Unity executable is a runner failure with the path in the reason', async () => {
    const out = await run('success', { unity: { path: '/nonexistent/Unity', version: null } }).handle.done
    expect(out.verdict).toMatchObject({ status: 'failed', failureKind: 'runner' })
    expect(out.verdict.reason).toMatch(/\/nonexistent\/Unity/)
  })
})

/** Alive and not a zombie (an orphan whose exit nobody reaped yet is dead for our purpose). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^\d+ \(.*\) [ZX]/.test(stat)
  } catch {
    return process.platform !== 'linux'
  }
}

describe('history details', () => {
  it('records the git commit the project was built from', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', project.root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { stdio: 'pipe' }).toString().trim()
    git('init', '-q')
    git('add', 'ProjectSettings')
    git('commit', '-qm', 'init')
    const head = git('rev-parse', 'HEAD')
    const out = await run('success').handle.done
    // Builds/ and Assets/ are untracked: the commit is clean
    expect(out.job.sourceCommit).toBe(head)
    fs.rmSync(path.join(project.root, '.git'), { recursive: true, force: true })
  })

  it('imports Unity 6.6+ BuildReportSummary.json files once, marked as imported', async () => {
    const dir = path.join(project.root, 'Library', 'BuildHistory', 'build-1')
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(
      path.join(dir, 'BuildReportSummary.json'),
      JSON.stringify({ BuildSessionGUID: '0123456789abcdef0123456789abcdef', BuildResultName: 'Failed', BuildTarget: 'iOS', BuildOptions: [], TotalErrors: 3, BuildStartedAt: '2026-01-01T10:00:00Z', BuildEndedAt: '2026-01-01T10:02:00Z' }),
    )
    const history = new MemoryHistoryStore()
    expect(await importUnityBuildHistory(project.root, 'Game', history)).toBe(1)
    expect(await importUnityBuildHistory(project.root, 'Game', history)).toBe(0)
    const [job] = (await history.list({})).jobs
    expect(job).toMatchObject({ id: '01234567-89ab-cdef-0123-456789abcdef', origin: 'imported', target: 'iOS', status: 'failed', errorCount: 3, durationMs: 120_000 })
  })
})
