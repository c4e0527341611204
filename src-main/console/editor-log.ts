import os from 'node:os'
import path from 'node:path'

/**
 * Where the running Unity Editor writes its log, per Unity's documentation ("Log files"):
 * Windows `%LOCALAPPDATA%\Unity\Editor\Editor.log`, macOS `~/Library/Logs/Unity/Editor.log`,
 * Linux `~/.config/unity3d/Editor.log`. `SLATE_EDITOR_LOG` overrides it (tests, odd setups).
 */
export function editorLogPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  if (env.SLATE_EDITOR_LOG) return path.resolve(env.SLATE_EDITOR_LOG)
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'), 'Unity', 'Editor', 'Editor.log')
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Logs', 'Unity', 'Editor.log')
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(home, '.config'), 'unity3d', 'Editor.log')
}
