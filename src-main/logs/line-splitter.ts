/**
 * Incremental line splitter for Unity logs. Unity writes LF on macOS/Linux and CRLF on Windows,
 * and a crashed or force-killed editor can leave a block of NUL bytes where the OS had
 * pre-allocated the file (log 02 in the fixtures has over a million). Chunks arrive at arbitrary
 * byte boundaries, so a UTF-8 sequence or a CR/LF pair may be split between two chunks: the
 * decoder and the `pending` tail carry that state across calls.
 */
import { StringDecoder } from 'node:string_decoder'

/** A line longer than this is cut: one line must never hold the whole process hostage. */
export const MAX_LINE_LENGTH = 1024 * 1024

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private pending = ''
  /** Number of complete lines returned so far (1-based numbers are `count` after each line). */
  count = 0

  /** Feed a chunk; returns the lines it completed, without terminators or NUL bytes. */
  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk)
    return this.split(this.pending + stripNul(text))
  }

  /** End of stream: returns the last line if it had no terminator. */
  end(): string[] {
    const rest = this.pending + stripNul(this.decoder.end())
    this.pending = ''
    if (rest.length === 0) return []
    this.count++
    return [rest.replace(/\r+$/, '')]
  }

  private split(text: string): string[] {
    const out: string[] = []
    let start = 0
    for (;;) {
      const nl = text.indexOf('\n', start)
      if (nl < 0) break
      // Windows editors sometimes write `\r\r\n`: drop every CR before the LF.
      let end = nl
      while (end > start && text.charCodeAt(end - 1) === 13) end--
      out.push(text.slice(start, end))
      start = nl + 1
    }
    this.pending = text.slice(start)
    if (this.pending.length > MAX_LINE_LENGTH) {
      out.push(this.pending.slice(0, MAX_LINE_LENGTH))
      this.pending = ''
    }
    this.count += out.length
    return out
  }
}

function stripNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0+/g, '') : text
}
