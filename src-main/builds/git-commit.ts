import { execFile } from 'node:child_process'

/**
 * Git runs on the host in a project that is untrusted input, and `.git/config` is the project's:
 * `core.fsmonitor` is a command git runs on `status`, `filter.<name>.clean` runs when a tracked
 * file's stat data changed, `status` may write the index and run the `post-index-change` hook,
 * and a pager or external diff could be configured too. Every git call of the core goes through
 * `safeGit`, which overrides all of those on the command line (`-c` wins over every config file),
 * drops the system config, takes no locks, and never prompts.
 */
const SAFE_CONFIG = [
  'core.fsmonitor=false',
  'core.useBuiltinFSMonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.untrackedCache=false',
  'core.splitIndex=false',
  'diff.external=',
  'status.submoduleSummary=false',
  'submodule.recurse=false',
  'protocol.allow=never',
]

/** The environment git sees: nothing inherited that could point it elsewhere or run something. */
function safeEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && k !== 'PAGER' && k !== 'EDITOR' && k !== 'VISUAL') env[k] = v
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  }
}

function run(cwd: string, args: string[], timeoutMs = 5000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: safeEnv(), timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout) => resolve(err ? null : stdout))
  })
}

const base = (extra: string[]) => ['--no-pager', ...[...SAFE_CONFIG, ...extra].flatMap((c) => ['-c', c])]

/**
 * Content filters are named by the project (`filter.<name>.clean`), so they cannot be listed in
 * advance: read the names from the configuration (reading config runs nothing) and blank each one.
 */
async function filterOverrides(projectRoot: string): Promise<string[]> {
  const out = await run(projectRoot, [...base([]), 'config', '--name-only', '--get-regexp', '^filter\\.'])
  const names = new Set<string>()
  for (const key of (out ?? '').split('\n')) {
    const m = /^filter\.(.+)\.(?:clean|smudge|process|required)$/.exec(key.trim())
    if (m) names.add(m[1])
  }
  return [...names].flatMap((n) => [`filter.${n}.clean=`, `filter.${n}.smudge=`, `filter.${n}.process=`, `filter.${n}.required=false`])
}

/** Run `git <args>` in the project with the overrides above; null when git fails or is missing. */
export async function safeGit(projectRoot: string, args: string[], timeoutMs = 5000): Promise<string | null> {
  return run(projectRoot, [...base(await filterOverrides(projectRoot)), ...args], timeoutMs)
}

/** The commit the project is at (`git rev-parse HEAD`), with `+dirty` when it has local changes; null outside git. */
export async function projectCommit(projectRoot: string): Promise<string | null> {
  const head = await safeGit(projectRoot, ['rev-parse', '--verify', '--quiet', 'HEAD'])
  if (head === null) return null
  const sha = head.trim()
  const status = await safeGit(projectRoot, ['status', '--porcelain', '--untracked-files=no', '--ignore-submodules=all', '--no-renames'])
  return status !== null && status.trim() ? `${sha}+dirty` : sha
}
