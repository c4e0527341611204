import crypto from 'node:crypto'
import os from 'node:os'

/**
 * The names of the temp files the confined write path (confined-fs.ts) fills before its atomic
 * rename: `.<target name>.<host>-<pid>-<16 hex>.slate.tmp`. `host` is a short hash of the host
 * name, so a sweep on a shared folder never judges another machine's pid by this machine's
 * processes. Names from before the owner was recorded (`.<name>.<16 hex>.slate.tmp`) still parse,
 * without an owner.
 */
const TEMP_RE = /^\.(.*)\.(?:([0-9a-f]{6})-(\d{1,10})-)?([0-9a-f]{16})\.slate\.tmp$/

export function hostTag(hostname = os.hostname()): string {
  return crypto.createHash('sha1').update(hostname).digest('hex').slice(0, 6)
}

let host: string | null = null
/** `<host>-<pid>` of this process (the host hashed once; the pid read each time: a fork has its own). */
export function tempOwnerTag(): string {
  host ??= hostTag()
  return `${host}-${process.pid}`
}

export interface TempName {
  /** the file the temp was going to become */
  target: string
  /** absent for temps of older SLATE versions */
  owner?: { host: string; pid: number }
}

export function parseTempName(name: string): TempName | null {
  const m = TEMP_RE.exec(name)
  if (!m) return null
  return m[2] ? { target: m[1], owner: { host: m[2], pid: Number(m[3]) } } : { target: m[1] }
}
