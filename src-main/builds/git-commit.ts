import { execFile } from 'node:child_process'

/** The commit the project is at (`git rev-parse HEAD`), with `+dirty` when it has local changes; null outside git. */
export function projectCommit(projectRoot: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['-C', projectRoot, 'rev-parse', 'HEAD'], { timeout: 5000 }, (err, stdout) => {
      if (err) return resolve(null)
      const sha = stdout.trim()
      execFile('git', ['-C', projectRoot, 'status', '--porcelain', '--untracked-files=no'], { timeout: 5000 }, (err2, status) => {
        resolve(!err2 && status.trim() ? `${sha}+dirty` : sha)
      })
    })
  })
}
