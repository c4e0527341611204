import fs from 'node:fs'
import path from 'node:path'
import { removeConfined } from './confined-fs'
import { hostTag, parseTempName } from './temp-names'

/**
 * Sweep the temp files a killed writer left (SIGKILL, power loss: the atomic write's temp is never
 * renamed nor removed). Only SLATE's own temp names (temp-names.ts) are touched, only inside
 * `root`, links never followed, and only when the writer is surely gone:
 * - a temp of this host whose pid no longer runs;
 * - any other (another machine's on a shared folder, or a name without an owner) once it is older
 *   than `maxAgeMs` (default a day): no write takes that long.
 * A temp of a live process (this one included) is always left alone.
 */
export interface SweepOptions {
  /** walk sub-folders (an output folder); false = only `root` itself (the folder of a source) */
  recursive?: boolean
  maxAgeMs?: number
  /** stop walking after this many entries (a huge tree is not swept in one go) */
  maxEntries?: number
  now?: number
}

export interface SweepResult {
  removed: string[]
  kept: number
}

function running(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, as another user
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function isStaleTemp(name: string, st: fs.Stats, o: { maxAgeMs: number; now: number; host: string }): boolean {
  const t = parseTempName(name)
  if (!t) return false
  if (t.owner?.host === o.host) return !running(t.owner.pid)
  return o.now - st.mtimeMs > o.maxAgeMs
}

export async function sweepStaleTemps(root: string, o: SweepOptions = {}): Promise<SweepResult> {
  const opts = { maxAgeMs: o.maxAgeMs ?? 24 * 3600_000, now: o.now ?? Date.now(), host: hostTag() }
  const limit = o.maxEntries ?? 200_000
  const result: SweepResult = { removed: [], kept: 0 }
  let seen = 0
  const base = path.resolve(root)
  const walk = async (rel: string): Promise<void> => {
    let entries: fs.Dirent[]
    try {
      entries = await fs.promises.readdir(path.join(base, rel), { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      if (++seen > limit) return
      const childRel = rel ? path.join(rel, e.name) : e.name
      if (e.isDirectory()) {
        if (o.recursive) await walk(childRel)
        continue
      }
      if (!e.isFile() || !e.name.endsWith('.slate.tmp')) continue
      let st: fs.Stats
      try {
        st = await fs.promises.lstat(path.join(base, childRel))
      } catch {
        continue
      }
      if (!isStaleTemp(e.name, st, opts)) {
        result.kept++
        continue
      }
      try {
        await removeConfined(base, childRel)
        result.removed.push(path.join(base, childRel))
      } catch {
        // gone already, or no longer ours to remove: leave it
      }
    }
  }
  if (fs.existsSync(base)) await walk('')
  return result
}
