import type { LogEntry } from '../logs'
import type { ConsoleCounts, ConsoleFilter, ConsoleLevel, ConsoleRow } from '../../src-shared/types-ui'
import { SearchText } from './search-text'

const LEVELS: ConsoleLevel[] = ['info', 'warning', 'error', 'exception']
const KINDS = ['plain', 'script', 'compiler', 'exception', 'tool', 'group'] as const
const TITLE_CHARS = 400

/** What only a few entries have (stacks, locations): kept aside so a million plain lines stay small. */
interface Extra {
  stack: LogEntry['stack']
  file?: string
  line?: number
  column?: number
  code?: string
  tool?: string
  headline?: string
  lines?: number
}

/** The result of one filter, kept and extended as entries arrive, so a live tail costs O(new). */
interface FilterCache {
  key: string
  upTo: number
  /** Entry index of each visible row. */
  rows: number[]
  /** With collapse: how many entries each row stands for. */
  repeat: number[] | null
  /** With collapse: (message id × 4 + level) → row, −1 for none yet. */
  rowOfKey: Int32Array | null
  counts: ConsoleCounts
}

/**
 * The entries of one console source, stored column-wise (level, kind, message, first line in
 * parallel arrays) because a million entries as objects would cost several hundred megabytes.
 * Filtering is one pass over the arrays, cached per filter and extended incrementally on append;
 * only the visible window of rows is ever turned into objects and sent to the renderer.
 */
export class LogStore {
  private levels: number[] = []
  private kinds: number[] = []
  private messages: string[] = []
  /** Lower-cased messages, built on append so the first search costs no more than the next. */
  private readonly searchText = new SearchText()
  private firstLines: number[] = []
  /**
   * Identical messages share an id, assigned as entries arrive: collapsing then compares numbers
   * instead of hashing a million strings each time the toggle is pressed.
   */
  private messageIds: number[] = []
  private readonly idOfMessage = new Map<string, number>()
  private readonly extras = new Map<number, Extra>()
  /** Entries before this index were cleared by the user. */
  private base = 0
  private cache: FilterCache | null = null
  lines = 0

  get size(): number {
    return this.messages.length - this.base
  }

  append(entries: LogEntry[]): void {
    for (const e of entries) {
      const i = this.messages.length
      this.levels.push(LEVELS.indexOf(e.level))
      this.kinds.push(KINDS.indexOf(e.kind))
      this.messages.push(e.message)
      this.firstLines.push(e.firstLine)
      let id = this.idOfMessage.get(e.message)
      if (id === undefined) this.idOfMessage.set(e.message, (id = this.idOfMessage.size))
      this.messageIds.push(id)
      if (e.stack.length > 0 || e.file || e.compiler || e.tool || e.lastLine > e.firstLine) {
        this.extras.set(i, {
          stack: e.stack,
          file: e.file,
          line: e.line,
          column: e.column,
          code: e.compiler?.code ?? e.code,
          tool: e.tool,
          headline: e.headline,
          lines: e.lastLine - e.firstLine + 1,
        })
      }
      if (e.lastLine > this.lines) this.lines = e.lastLine
    }
    this.searchText.append(entries.map((e) => e.message))
  }

  /** Unity's Clear: drop what is there now; later entries (a live tail) still arrive. */
  clear(): void {
    this.base = this.messages.length
    this.cache = null
  }

  /** Rows matching `filter`, with per-level counts of the entries matching the search. */
  filter(filter: ConsoleFilter): FilterCache {
    const key = `${filter.levels.slice().sort().join(',')}|${filter.collapse ? 1 : 0}|${filter.search}`
    let c = this.cache
    if (!c || c.key !== key) {
      c = {
        key,
        upTo: this.base,
        rows: [],
        repeat: filter.collapse ? [] : null,
        rowOfKey: filter.collapse ? new Int32Array(0) : null,
        counts: { info: 0, warning: 0, error: 0, exception: 0 },
      }
      this.cache = c
    }
    if (c.upTo < this.messages.length) this.extend(c, filter)
    return c
  }

  private extend(c: FilterCache, filter: ConsoleFilter): void {
    const wanted = [false, false, false, false]
    for (const l of filter.levels) wanted[LEVELS.indexOf(l)] = true
    const needle = filter.search.trim().toLowerCase()
    const counts = [c.counts.info, c.counts.warning, c.counts.error, c.counts.exception]
    const { levels } = this
    const end = this.messages.length
    if (c.rowOfKey && c.rowOfKey.length < this.idOfMessage.size * 4) {
      const grown = new Int32Array(this.idOfMessage.size * 4 * 2).fill(-1)
      grown.set(c.rowOfKey)
      c.rowOfKey = grown
    }
    // With a search, only the matching entries are visited (a few indexOf calls find them).
    const hits = needle ? this.searchText.matches(needle, c.upTo, end) : null
    const n = hits ? hits.length : end - c.upTo
    for (let k = 0; k < n; k++) {
      const i = hits ? hits[k] : c.upTo + k
      const lv = levels[i]
      counts[lv]++
      if (!wanted[lv]) continue
      if (c.rowOfKey) {
        const key = this.messageIds[i] * 4 + lv
        const row = c.rowOfKey[key]
        if (row >= 0) {
          c.repeat![row]++
          continue
        }
        c.rowOfKey[key] = c.rows.length
        c.repeat!.push(1)
      }
      c.rows.push(i)
    }
    c.upTo = end
    c.counts = { info: counts[0], warning: counts[1], error: counts[2], exception: counts[3] }
  }

  row(cache: FilterCache, r: number): ConsoleRow {
    const i = cache.rows[r]
    const message = this.messages[i]
    const x = this.extras.get(i)
    const nl = message.indexOf('\n')
    const first = x?.headline ?? (nl < 0 ? message : message.slice(0, nl))
    return {
      seq: i,
      level: LEVELS[this.levels[i]],
      kind: KINDS[this.kinds[i]],
      title: first.length > TITLE_CHARS ? `${first.slice(0, TITLE_CHARS)}…` : first,
      message: message.length > 64_000 ? `${message.slice(0, 64_000)}…` : message,
      stack: x?.stack.slice(0, 200) ?? [],
      ...(x?.file ? { file: x.file, line: x.line, column: x.column } : {}),
      ...(x?.code ? { code: x.code } : {}),
      ...(x?.tool ? { tool: x.tool } : {}),
      ...(x?.lines && x.lines > 1 ? { lines: x.lines } : {}),
      firstLine: this.firstLines[i],
      count: cache.repeat ? cache.repeat[r] : 1,
    }
  }

  /** The filtered rows as text, as Unity would print them (for export). */
  *exportLines(cache: FilterCache): Generator<string> {
    for (let r = 0; r < cache.rows.length; r++) {
      const i = cache.rows[r]
      const x = this.extras.get(i)
      const n = cache.repeat ? cache.repeat[r] : 1
      yield `[${LEVELS[this.levels[i]]}]${n > 1 ? ` (x${n})` : ''} ${this.messages[i]}`
      for (const f of x?.stack ?? []) yield `    ${f.text.trim()}`
    }
  }
}
