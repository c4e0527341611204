import path from 'node:path'
import fs from 'node:fs'
import { ApiError } from '../../src-shared/contract-kit'
import { isInsideRoot } from './confined-fs'

/**
 * Resolve a path the renderer (or a browser) sent into an absolute path inside the project root.
 * Anything that escapes the root, by `..`, an absolute path, a NUL byte or a symlink pointing out,
 * is refused with `forbidden_path`. Every file-touching handler goes through here.
 */
export function resolveInProject(root: string, requested: string): string {
  if (requested.includes('\0')) throw new ApiError('forbidden_path', 'Path contains a NUL byte')
  const normalizedRoot = path.resolve(root)
  const candidate = path.resolve(normalizedRoot, requested.replace(/\\/g, '/'))
  if (!isInside(normalizedRoot, candidate)) {
    throw new ApiError('forbidden_path', `Path "${requested}" is outside the project`)
  }
  // A symlink inside the project may still point outside it: check the real path when it exists.
  let real: string | null = null
  try {
    real = fs.realpathSync.native(candidate)
  } catch {
    real = null // does not exist (yet): the lexical check above is all we can do
  }
  if (real !== null) {
    const realRoot = fs.realpathSync.native(normalizedRoot)
    if (!isInside(realRoot, real)) {
      throw new ApiError('forbidden_path', `Path "${requested}" resolves outside the project`)
    }
  }
  return candidate
}

/** `..notes.txt` is a name inside the root; only `..` itself or `../…` leaves it. */
export function isInside(root: string, candidate: string): boolean {
  return isInsideRoot(root, candidate)
}

/** Project-relative, forward slashes: the form every API result uses. */
export function toProjectRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/')
}
