import os from 'node:os'
import path from 'node:path'

/** Where SLATE keeps its own state (embedded database, caches, settings). `SLATE_DATA_DIR` overrides. */
export function defaultDataDir(): string {
  if (process.env.SLATE_DATA_DIR) return path.resolve(process.env.SLATE_DATA_DIR)
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? os.homedir(), 'Slate')
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Slate')
  return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'slate')
}
