import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { safeGit } from './git-commit'

/**
 * A farm build's project, from version control: the job's repository fetched into the worker's
 * own workspace and checked out at exactly the job's commit (git with the same overrides as every
 * git call of SLATE: no hooks, no fsmonitor, no filters or pagers of the repository's choosing;
 * only the transports a team uses). Large files come with Git LFS when git-lfs is installed.
 */
const TRANSPORTS = ['protocol.file.allow=always', 'protocol.https.allow=always', 'protocol.ssh.allow=always'].flatMap((c) => ['-c', c])
const FETCH_TIMEOUT_MS = 30 * 60 * 1000

export interface FetchedSource {
  root: string
  commit: string
  lfs: 'pulled' | 'not-needed' | 'git-lfs-missing' | 'failed'
}

export async function fetchSource(workspace: string, jobId: string, source: { repository: string; commit: string }): Promise<FetchedSource> {
  const root = path.join(workspace, 'checkouts', jobId)
  fs.rmSync(root, { recursive: true, force: true })
  fs.mkdirSync(root, { recursive: true })
  const git = async (args: string[], what: string) => {
    const out = await safeGit(root, args, FETCH_TIMEOUT_MS)
    if (out === null) throw new Error(`git ${what} failed for ${source.repository}`)
    return out
  }
  await git(['init', '--quiet'], 'init')
  await git([...TRANSPORTS, 'fetch', '--quiet', '--no-tags', source.repository, '+refs/heads/*:refs/remotes/origin/*'], 'fetch')
  const has = await safeGit(root, ['cat-file', '-e', `${source.commit}^{commit}`])
  if (has === null) throw new Error(`commit ${source.commit} is not in ${source.repository} (fetched every branch)`)
  await git(['checkout', '--quiet', '--detach', source.commit], 'checkout')
  const head = (await git(['rev-parse', 'HEAD'], 'rev-parse')).trim()
  if (head !== source.commit) throw new Error(`checked out ${head}, not ${source.commit}`)
  let lfs: FetchedSource['lfs'] = 'not-needed'
  const attrs = path.join(root, '.gitattributes')
  if (fs.existsSync(attrs) && fs.readFileSync(attrs, 'utf8').includes('filter=lfs')) {
    let present = true
    try {
      execFileSync('git-lfs', ['version'], { stdio: 'ignore' })
    } catch {
      present = false
    }
    lfs = !present ? 'git-lfs-missing' : (await safeGit(root, [...TRANSPORTS, 'lfs', 'pull'], FETCH_TIMEOUT_MS)) === null ? 'failed' : 'pulled'
  }
  return { root, commit: head, lfs }
}

/** Keep a successful build's output where `slate services` serves it: <workspace>/artifacts/<jobId>/. */
export function keepArtifact(workspace: string, jobId: string, outputPath: string): string | null {
  if (!fs.existsSync(outputPath)) return null
  const dest = path.join(workspace, 'artifacts', jobId)
  fs.rmSync(dest, { recursive: true, force: true })
  fs.mkdirSync(dest, { recursive: true })
  fs.cpSync(outputPath, path.join(dest, path.basename(outputPath)), { recursive: true, dereference: false, verbatimSymlinks: true })
  return dest
}
