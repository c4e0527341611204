/**
 * Settings are checked before they are saved, and each server can be tried: a team URL that does
 * not parse, has the wrong scheme or points nowhere, or a Unity path that is not an editor, is
 * said at once instead of "Saved." and a failure at the next start.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Settings } from '../../src-shared/types'

export type SettingKey = 'databaseUrl' | 'redisUrl' | 'natsUrl' | 'unityPath'

const SCHEMES: Record<Exclude<SettingKey, 'unityPath'>, { schemes: string[]; example: string; what: string }> = {
  databaseUrl: { schemes: ['postgres:', 'postgresql:'], example: 'postgres://user@db.example:5432/slate', what: 'a PostgreSQL URL' },
  redisUrl: { schemes: ['redis:', 'rediss:'], example: 'redis://cache.example:6379', what: 'a Redis URL' },
  natsUrl: { schemes: ['nats:', 'tls:', 'ws:', 'wss:'], example: 'nats://bus.example:4222', what: 'a NATS URL' },
}

/** Why a value of a setting cannot be used, or null. Empty means "the embedded default". */
export function settingProblem(key: SettingKey, value: string | undefined): string | null {
  const v = (value ?? '').trim()
  if (!v) return null
  if (key === 'unityPath') return unityPathProblem(v)
  const want = SCHEMES[key]
  // NATS accepts host:port lists too; each must be a URL here, so the scheme is never guessed.
  const parts = key === 'natsUrl' ? v.split(',').map((s) => s.trim()) : [v]
  for (const part of parts) {
    let url: URL
    try {
      url = new URL(part)
    } catch {
      return `"${part}" is not a URL: write ${want.what} such as ${want.example}.`
    }
    if (!want.schemes.includes(url.protocol)) return `"${part}" starts with ${url.protocol}// but ${want.what} starts with ${want.schemes.map((s) => `${s}//`).join(' or ')} (e.g. ${want.example}).`
    if (!url.hostname) return `"${part}" has no host: write ${want.what} such as ${want.example}.`
  }
  return null
}

/** A Unity editor: its executable, its install folder, the Hub's folder of versions, or Unity.app. */
export function unityPathProblem(p: string): string | null {
  if (!path.isAbsolute(p)) return `"${p}" is not a full path: give the Unity editor's full path, e.g. /opt/unity/Editor/Unity or C:\\Program Files\\Unity\\Hub\\Editor\\2022.3.10f1\\Editor\\Unity.exe.`
  let st: fs.Stats
  try {
    st = fs.statSync(p)
  } catch {
    return `Nothing is at ${p}: check the path (Unity Hub installs editors under its Editor folder).`
  }
  if (st.isFile()) {
    if (!/^unity(?:\.exe)?$/i.test(path.basename(p))) return `${p} is a file but not the Unity editor (its executable is named Unity, or Unity.exe on Windows).`
    if (process.platform !== 'win32' && (st.mode & 0o111) === 0) return `${p} is not executable: it cannot be the Unity editor.`
    return null
  }
  if (!st.isDirectory()) return `${p} is neither a file nor a folder.`
  const inside = ['Unity', 'Unity.exe', 'Editor/Unity', 'Editor/Unity.exe', 'Unity.app/Contents/MacOS/Unity', 'Contents/MacOS/Unity']
  if (inside.some((rel) => fs.existsSync(path.join(p, rel)))) return null
  // A folder of versions (the Hub's Editor folder): at least one version with an editor inside.
  const versions = fs.readdirSync(p).filter((n) => /^\d{1,4}\.\d+\.\d+[abfpx]\d+/.test(n))
  if (versions.some((v) => inside.some((rel) => fs.existsSync(path.join(p, v, rel))))) return null
  return `${p} is a folder without a Unity editor in it: give the editor itself (…/Editor/Unity, Unity.exe or Unity.app), its version folder, or Unity Hub's Editor folder.`
}

/** Every problem of a settings change, by field. */
export function settingsProblems(patch: Settings): Partial<Record<SettingKey, string>> {
  const out: Partial<Record<SettingKey, string>> = {}
  for (const key of ['databaseUrl', 'redisUrl', 'natsUrl', 'unityPath'] as const) {
    if (!(key in patch)) continue
    const problem = settingProblem(key, patch[key])
    if (problem) out[key] = problem
  }
  return out
}
