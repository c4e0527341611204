import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Kill a process and everything it started. Unity starts helpers (licensing client, shader
 * compilers, bee_backend, Gradle's JVM) that would outlive a plain kill of the editor and keep
 * files locked. On POSIX the editor runs in its own process group (spawned `detached`), so one
 * signal to the negative pid reaches the whole group; on Windows `taskkill /T` walks the tree.
 * SIGTERM first so Unity can release its lock file, SIGKILL after `graceMs`.
 */
export async function killProcessTree(child: ChildProcess, graceMs = 3000): Promise<void> {
  const pid = child.pid
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    if (pid !== undefined && process.platform !== 'win32') signalGroup(pid, 'SIGKILL') // helpers may outlive it
    return
  }
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => {
      const tk = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true })
      tk.on('exit', () => resolve())
      tk.on('error', () => resolve())
    })
    return
  }
  signalGroup(pid, 'SIGTERM')
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs)
  })
  await Promise.race([exited, timeout])
  clearTimeout(timer)
  // Children that ignored SIGTERM, or that outlived their parent, still share the group.
  signalGroup(pid, 'SIGKILL')
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    /* ESRCH: the group is already gone */
  }
}
