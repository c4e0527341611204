import type { BuildLogEvent, BuildProgressEvent } from '../../src-shared/types-builds'
import type { BuildEventSink } from './events'

/**
 * Progress for a person at a terminal: one status line redrawn in place on a TTY (stage, percent,
 * elapsed, estimate), with errors printed above it as they appear. Not a TTY: one line per stage.
 */
export function terminalSink(stream: NodeJS.WriteStream, verbose = false): BuildEventSink & { done(): void } {
  const tty = stream.isTTY === true
  let last: BuildProgressEvent | null = null
  let timer: NodeJS.Timeout | null = null
  const render = () => {
    if (!last) return
    const elapsed = Math.round((Date.now() - Date.parse(last.at) + last.elapsedMs) / 1000)
    const eta = last.estimatedTotalMs ? ` of ~${Math.round(last.estimatedTotalMs / 1000)}s` : ''
    const bar = '#'.repeat(Math.round(last.progress / 5)).padEnd(20, '.')
    stream.write(`\r\x1b[2K[${bar}] ${String(last.progress).padStart(3)}% ${last.step}  ${elapsed}s${eta}`)
  }
  return {
    progress(ev) {
      last = ev
      if (tty) {
        render()
        timer ??= setInterval(render, 1000).unref()
      } else stream.write(`[${ev.progress}%] ${ev.step}\n`)
    },
    log(ev: BuildLogEvent) {
      const shown = verbose ? ev.lines : ev.messages.filter((m) => m.type !== 'warning').map((m) => m.content.split('\n')[0])
      if (shown.length === 0) return
      if (tty) stream.write('\r\x1b[2K')
      stream.write(`${shown.join('\n')}\n`)
      if (tty) render()
    },
    finished() {},
    done() {
      if (timer) clearInterval(timer)
      if (tty && last) stream.write('\n')
    },
  }
}
