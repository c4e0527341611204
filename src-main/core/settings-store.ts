import fs from 'node:fs/promises'
import path from 'node:path'
import type { RecentProject, Settings } from '../../src-shared/types'
import { readConfined, writeFileConfined } from './confined-fs'

interface SettingsFile {
  settings: Settings
  recent: RecentProject[]
}

const MAX_RECENT = 10
const SETTINGS_FILE = 'settings.json'

/**
 * User settings and recent projects, in one JSON file in the data folder. Written through the
 * core's write path (atomic, never through a planted link) with mode 0600: settings may hold team
 * server URLs with passwords, and other users of the machine must not read them.
 */
export class SettingsStore {
  private data: SettingsFile = { settings: {}, recent: [] }
  private readonly file: string

  constructor(private readonly dataDir: string) {
    this.file = path.join(dataDir, 'settings.json')
  }

  async load(): Promise<void> {
    try {
      // A file written by an older SLATE may be world-readable: tighten it before reading.
      await fs.chmod(this.file, 0o600).catch(() => undefined)
      const parsed = JSON.parse((await readConfined(this.dataDir, SETTINGS_FILE)).toString('utf8')) as Partial<SettingsFile>
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
    await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 })
    await writeFileConfined(this.dataDir, SETTINGS_FILE, JSON.stringify(this.data, null, 2), { mode: 0o600 })
  }
}
