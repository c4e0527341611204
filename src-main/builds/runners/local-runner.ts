import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { BuildRunner, RunHooks, RunOutcome, RunSpec, RunningBuild } from './runner'
import { killProcessTree } from './process-tree'

/**
 * Runs Unity directly on this machine. Unity writes its log to stdout (`-logFile -`); stderr is
 * merged into the same stream because Unity prints some crash output there.
 */
export class LocalRunner implements BuildRunner {
  readonly kind = 'local' as const

  describe(spec: RunSpec) {
    return { executable: spec.unityPath, args: argsOf(spec), notes: [] }
  }

  start(spec: RunSpec, hooks: RunHooks): RunningBuild {
    fs.mkdirSync(path.dirname(spec.reportPath), { recursive: true })
    // A report left by an earlier run with the same path must never decide this run.
    fs.rmSync(spec.reportPath, { force: true })
    const child = spawn(spec.unityPath, argsOf(spec), {
      cwd: spec.projectRoot,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32', // own process group: cancel kills the whole tree
      windowsHide: true,
    })
    let cancelled = false
    const done = new Promise<RunOutcome>((resolve) => {
      let startedAt: number | null = null
      child.once('spawn', () => {
        startedAt = Date.now()
        hooks.onStarted({ pid: child.pid, at: startedAt })
      })
      child.stdout!.on('data', (c: Buffer) => hooks.onOutput(c))
      child.stderr!.on('data', (c: Buffer) => hooks.onOutput(c))
      child.once('error', (err) => {
        resolve({ exitCode: null, signal: null, runnerError: explainSpawnError(spec.unityPath, err), processStartedAt: startedAt })
      })
      // 'close' (not 'exit'): all output has been read by then. A helper Unity left behind may
      // still hold the pipe open, so after 'exit' we wait only briefly and then end the group.
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (cancelled || signal) void killProcessTree(child, 0) // reap helpers still in the group
        resolve({ exitCode: code, signal, runnerError: null, processStartedAt: startedAt })
      }
      child.once('close', finish)
      child.once('exit', (code, signal) => {
        setTimeout(() => {
          void killProcessTree(child, 0)
          finish(code, signal)
        }, 2000).unref()
      })
    })
    return {
      done,
      cancel: async () => {
        cancelled = true
        await killProcessTree(child)
        await done
      },
    }
  }
}

function argsOf(spec: RunSpec): string[] {
  return spec.argsFor({ projectPath: spec.projectRoot, reportPath: spec.reportPath, outputPath: spec.outputPath })
}

/** Why Unity could not be started, in words with what to do (the raw error stays at the end). */
export function explainSpawnError(unityPath: string, err: NodeJS.ErrnoException): string {
  const what =
    err.code === 'ENOENT'
      ? `There is no Unity editor at ${unityPath} (any more): install the project's version with Unity Hub or correct the Unity path in Settings`
      : err.code === 'EACCES' || err.code === 'EPERM'
        ? `${unityPath} may not be run by this user: check its permissions (it must be executable), or point the Unity path in Settings at the editor itself`
        : err.code === 'ENOEXEC' || err.code === 'EISDIR'
          ? `${unityPath} is not a program: point the Unity path in Settings at the editor executable (…/Editor/Unity, Unity.exe, or Unity.app/Contents/MacOS/Unity)`
          : `Could not start Unity at ${unityPath}`
  return `${what}. (${err.message})`
}
