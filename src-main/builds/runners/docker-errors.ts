/**
 * Docker's failures in words, with what to do. dockerode hands back the socket's raw errors
 * (`connect ENOENT /var/run/docker.sock`), which say nothing to someone who just wanted a build.
 */

/** Where dockerode connects when nothing else is said: DOCKER_HOST, else the platform's socket. */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCKER_HOST) return env.DOCKER_HOST
  return process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock'
}

function codeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown }
  if (typeof e?.code === 'string') return e.code
  const m = typeof e?.message === 'string' ? /\b(ENOENT|ECONNREFUSED|EACCES|EPERM|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|ECONNRESET)\b/.exec(e.message) : null
  return m?.[1]
}

/** True when the error means the engine could not be reached at all (not a failure inside it). */
export function isDockerUnreachable(err: unknown): boolean {
  return ['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNRESET'].includes(codeOf(err) ?? '')
}

export function explainDockerError(err: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const where = dockerEndpoint(env)
  const raw = err instanceof Error ? err.message : String(err)
  switch (codeOf(err)) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return `Docker is not running or not reachable at ${where}; start Docker or set DOCKER_HOST to the engine's address. (${raw})`
    case 'EACCES':
    case 'EPERM':
      return `Docker is running but this user may not use it (${where}): add the user to the "docker" group (then log in again), or set DOCKER_HOST to an engine you may use. (${raw})`
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
    case 'ECONNRESET':
      return `The Docker engine at ${where} did not answer: check DOCKER_HOST and that the engine's host is up. (${raw})`
  }
  const status = (err as { statusCode?: number })?.statusCode
  if (status === 404 && /image/i.test(raw)) return `Docker has no such image and could not fetch it: check the image name, log in to its registry (docker login), or pull it once by hand. (${raw})`
  if (status === 409) return `Docker refused because a container or volume of the same name is still there: remove it (docker rm -f) and try again. (${raw})`
  return `Docker: ${raw}`
}
