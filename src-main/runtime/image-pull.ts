import type Docker from 'dockerode'
import { registryAuthFor, registryOf, type RegistryAuthEnv } from './registry-auth'

export class ImagePullError extends Error {
  readonly code = 'image_pull'
}

/** `repo` alone would pull every tag of it; Docker's own default is `latest`. */
export function withDefaultTag(image: string): string {
  if (image.includes('@')) return image
  const last = image.slice(image.lastIndexOf('/') + 1)
  return last.includes(':') ? image : `${image}:latest`
}

/**
 * Make sure the engine has `image`: the local engine's copy when there is one (images built here
 * never need a registry), else a pull from its registry with the credentials registryAuthFor
 * finds. The engine's own reason is kept in the error ("unauthorized", "manifest unknown", "no
 * such host"), with what to do about it.
 */
export async function ensureImage(docker: Docker, image: string, auth: RegistryAuthEnv): Promise<'local' | 'pulled'> {
  const present = await docker
    .getImage(image)
    .inspect()
    .then(() => true, () => false)
  if (present) return 'local'
  const registry = registryOf(image)
  const authconfig = await registryAuthFor(image, auth)
  try {
    const stream = await docker.pull(withDefaultTag(image), authconfig ? { authconfig } : {})
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = err ?? events?.find((e) => e.error || e.errorDetail)
        if (!failed) resolve()
        else reject(new Error(failed instanceof Error ? failed.message : (failed.errorDetail?.message ?? failed.error)))
      })
    })
  } catch (err) {
    const e = err as { json?: { message?: string }; message?: string }
    const reason = (e?.json?.message ?? e?.message ?? String(err)).replace(/^\(HTTP code \d+\)[^-]*- /, '')
    const hint = /unauthorized|authentication|auth credentials|denied|401|403/i.test(reason)
      ? authconfig
        ? 'the registry refused the credentials SLATE found (SLATE_REGISTRY_* or docker login)'
        : 'log in with `docker login`, or set SLATE_REGISTRY_USERNAME and SLATE_REGISTRY_PASSWORD'
      : 'build it on this engine, or check the name and that the registry is reachable'
    throw new ImagePullError(`image ${image} is not on this Docker engine and pulling it from ${registry} failed: ${reason.trim()} (${hint})`)
  }
  return 'pulled'
}
