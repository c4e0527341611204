import { createRequire } from 'node:module'

// Read once from package.json so `slate --version`, the UI and builds agree.
const require = createRequire(import.meta.url)
function readVersion(): string {
  for (const rel of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = require(rel) as { name?: string; version?: string }
      if (pkg.name === 'slate' && pkg.version) return pkg.version
    } catch {
      // try the next location: source and built layouts differ
    }
  }
  return '0.0.0'
}
export const SLATE_VERSION = readVersion()
