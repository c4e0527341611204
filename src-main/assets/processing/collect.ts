import fs from 'node:fs'
import path from 'node:path'
import { kindOfName } from './detect'

/**
 * The files a selection names: files as given, folders walked for processable files. Hidden
 * entries, .meta files and Unity's Library/Temp are skipped; links are not followed (a project is
 * untrusted and a link can point anywhere or loop).
 */
export function collectSources(project: string, selection: string[]): string[] {
  const root = path.resolve(project)
  const out: string[] = []
  const seen = new Set<string>()
  const add = (p: string) => {
    if (!seen.has(p)) {
      seen.add(p)
      out.push(p)
    }
  }
  const walk = (dir: string) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.endsWith('~')) continue
      const p = path.join(dir, e.name)
      if (e.isDirectory()) {
        if (dir === root && (e.name === 'Library' || e.name === 'Temp' || e.name === 'Logs')) continue
        walk(p)
      } else if (e.isFile() && kindOfName(e.name)) add(p)
    }
  }
  for (const s of selection) {
    const abs = path.resolve(root, s)
    let st: fs.Stats
    try {
      st = fs.lstatSync(abs)
    } catch {
      add(abs) // reported per file as missing
      continue
    }
    if (st.isDirectory()) walk(abs)
    else add(abs)
  }
  return out
}
