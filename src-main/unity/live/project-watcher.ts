import watcher from '@parcel/watcher'
import type { IndexChange } from '../../../src-shared/types-unity'
import type { UnityProject } from '../unity-project'
import { applyChanges } from './apply-changes'

/** Folders Unity and tools churn that never hold project assets: watching them only costs CPU. */
const IGNORE = ['Library', 'Temp', 'Logs', 'obj', 'Build', 'Builds', 'UserSettings', 'MemoryCaptures', '.git', '.vs', '.idea', '.gradle', '**/*~/**']

const MAX_LISTED = 1000

/** Events cross IPC/WebSocket: a folder of 50k files moved in must not become a 5 MB message. */
export function capChange(change: IndexChange): IndexChange {
  if (change.changed.length + change.removed.length <= MAX_LISTED) return change
  const changed = change.changed.slice(0, MAX_LISTED)
  return { ...change, changed, removed: change.removed.slice(0, Math.max(0, MAX_LISTED - changed.length)), truncated: true }
}

export interface ProjectWatcherOptions {
  onChange: (change: IndexChange) => void
  onError?: (err: Error) => void
  /** Persist the index this long after the last change (0 disables). */
  saveDelayMs?: number
}

/**
 * Keeps a UnityProject current: @parcel/watcher (native, one recursive subscription) hands us
 * batches of paths; applyChanges re-reads just those files. The persisted cache is rewritten a
 * little after the last change rather than on every keystroke-save.
 */
export class ProjectWatcher {
  private subscription: watcher.AsyncSubscription | null = null
  private saveTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly project: UnityProject,
    private readonly options: ProjectWatcherOptions,
  ) {}

  async start(): Promise<void> {
    this.subscription = await watcher.subscribe(
      this.project.root,
      (err, events) => {
        if (err) {
          this.options.onError?.(err)
          return
        }
        try {
          const change = applyChanges(
            this.project,
            events.map((e) => e.path),
          )
          if (change.changed.length > 0 || change.removed.length > 0) {
            this.options.onChange(capChange(change))
            this.scheduleSave()
          }
        } catch (e) {
          this.options.onError?.(e as Error)
        }
      },
      { ignore: IGNORE },
    )
  }

  private scheduleSave(): void {
    const delay = this.options.saveDelayMs ?? 2000
    if (delay <= 0) return
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      this.project.saveCache()
    }, delay)
    this.saveTimer.unref()
  }

  async stop(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer)
      this.saveTimer = null
      this.project.saveCache()
    }
    await this.subscription?.unsubscribe()
    this.subscription = null
  }
}
