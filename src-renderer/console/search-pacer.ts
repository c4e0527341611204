/**
 * When a search box's text is applied. The first keystroke after a pause (or a paste) applies at
 * once: a search of a million console entries takes 20–40 ms in the core, so waiting would be
 * most of the latency. Keystrokes typed in quick succession wait for the next pause, so a burst
 * of fast typing costs two searches (its first key and its end), not one per key.
 */
export class SearchPacer {
  private lastKeyAt = -Infinity
  private timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly pauseMs: number,
    private readonly apply: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The text changed (a keystroke, a paste, a clear). */
  key(text: string): void {
    const now = this.now()
    const paused = now - this.lastKeyAt >= this.pauseMs
    this.lastKeyAt = now
    clearTimeout(this.timer)
    this.timer = undefined
    if (paused) this.apply(text)
    else this.timer = setTimeout(() => this.apply(text), this.pauseMs)
  }

  dispose(): void {
    clearTimeout(this.timer)
  }
}
