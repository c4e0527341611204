import fs from 'node:fs/promises'
import path from 'node:path'
import type { RecentProject, Settings } from '../../src-shared/types'

interface SettingsFile {
  settings: Settings
  recent: RecentProject[]
}

const MAX_RECENT = 10

/**
 * User settings and recent projects, in one JSON file in the data folder. Written atomically
 * (temp file + rename) so a crash mid-write never leaves a half file.
 */
export class SettingsStore {
  private data: SettingsFile = { settings: {}, recent: [] }
  private readonly file: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings.json')
  }

  async load(): Promise<void> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<SettingsFile>
      this.data = { settings: parsed.settings ?? {}, recent: Array.isArray(parsed.recent) ? parsed.recent : [] }
    } catch {
      this.data = { settings: {}, recent: [] } // first run or corrupt file: start clean
    }
  }

  get settings(): Settings {
    return { ...this.data.settings }
  }

  get recent(): RecentProject[] {
    return [...this.data.recent]
  }

  async update(patch: Settings): Promise<Settings> {
    const next: Settings = { ...this.data.settings }
    for (const [k, v] of Object.entries(patch) as [keyof Settings, string | undefined][]) {
      if (v === undefined) continue
      if (v === '') delete next[k]
      else next[k] = v
    }
    this.data.settings = next
    await this.save()
    return this.settings
  }

  async addRecent(root: string, name: string): Promise<void> {
    const rest = this.data.recent.filter((r) => r.root !== root)
    this.data.recent = [{ root, name, openedAt: new Date().toISOString() }, ...rest].slice(0, MAX_RECENT)
    await this.save()
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true })
    const tmp = `${this.file}.${process.pid}.tmp`
    await fs.writeFile(tmp, JSON.stringify(this.data, null, 2))
    await fs.rename(tmp, this.file)
  }
}
