import { fileURLToPath } from 'node:url'
import type { WorkerOptions } from 'node:worker_threads'

/**
 * How to start a worker thread whose script sits next to the caller (`callerUrl` is the caller's
 * `import.meta.url`, `name` the worker's file name without extension). In a build the worker is its
 * own .js entry next to the bundle (electron.vite.config.ts lists each one). From source it is a
 * .ts file, and Node 20 does not run tsx's ESM hooks inside worker threads (`--import tsx` in
 * execArgv fails with ERR_UNKNOWN_FILE_EXTENSION): tsx's CommonJS hook works in any thread, so the
 * worker registers it and then requires the .ts file itself.
 */
export function workerScript(callerUrl: string, name: string): { script: string | URL; options: WorkerOptions } {
  if (!callerUrl.endsWith('.ts')) return { script: new URL(`./${name}.js`, callerUrl), options: {} }
  const file = fileURLToPath(new URL(`./${name}.ts`, callerUrl))
  let api = 'tsx/cjs/api'
  try {
    api = fileURLToPath(import.meta.resolve('tsx/cjs/api'))
  } catch {
    // keep the bare name: resolved from the working directory
  }
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(file)})`
  return { script: code, options: { eval: true } }
}
