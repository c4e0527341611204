/**
 * Folders of a Unity project that are never the user's files: Unity's caches and build output,
 * IDE state and VCS internals. Quick open and find in files skip them (Rider and VS Code's Unity
 * setups hide the same ones). Matched against the first path segment, case-insensitively, so
 * `library/` on a case-insensitive disk is skipped too.
 */
export const IGNORED_TOP_DIRS = new Set(['library', 'temp', 'obj', 'logs', 'build', 'builds', 'usersettings', 'memorycaptures', 'recordings'])
/** Never descended into, at any depth. */
export const IGNORED_ANY_DIRS = new Set(['.git', '.svn', '.hg', '.plastic', '.vs', '.idea', '.vscode', 'node_modules', '.gradle'])

export function isIgnoredDir(rel: string): boolean {
  const parts = rel.split('/')
  if (parts.length === 1 && IGNORED_TOP_DIRS.has(parts[0].toLowerCase())) return true
  return IGNORED_ANY_DIRS.has(parts[parts.length - 1].toLowerCase())
}

/** rg glob arguments expressing the same rules. */
export function rgIgnoreGlobs(): string[] {
  const globs: string[] = []
  for (const d of IGNORED_TOP_DIRS) globs.push('--glob', `!/${d}/`, '--glob', `!/${d[0].toUpperCase()}${d.slice(1)}/`)
  for (const d of IGNORED_ANY_DIRS) globs.push('--glob', `!${d}/`)
  return globs
}
