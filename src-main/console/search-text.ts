/** Between two messages in a block. The line splitter strips NUL bytes, so no message holds one. */
const SEP = '\0'
/**
 * A block holds about this many characters. Small enough that one character beyond Latin-1 (an
 * emoji, a CJK path) makes only its own block a two-byte string, not a whole megabyte chunk; large
 * enough that a million entries make a thousand blocks, a few `indexOf` calls each.
 */
const BLOCK_CHARS = 64 * 1024

/** Consecutive entries' lower-cased messages as one string, and where each one starts in it. */
interface Block {
  /** Entry index of the block's first message. */
  first: number
  text: string
  /** starts[j] is where message `first + j` begins; starts[n] is the text's length. */
  starts: Int32Array
  n: number
}

/**
 * The lower-cased text the console searches, built as entries arrive (one `toLowerCase` per
 * block, so loading stays streaming and pays a few ms per megabyte of messages) instead of
 * lower-casing a million messages on the first keystroke. One string per block rather than a million small
 * strings: the text costs what its characters cost, with no per-string header, and a search is a
 * few `indexOf` calls over large strings, which V8 runs much faster than a million `includes`.
 */
export class SearchText {
  private readonly blocks: Block[] = []
  private size = 0

  append(messages: readonly string[]): void {
    for (let i = 0; i < messages.length; ) {
      const last = this.blocks[this.blocks.length - 1]
      // A live tail appends a few entries at a time: they grow the last block until it is full.
      const grow = last !== undefined && last.text.length < BLOCK_CHARS
      const room = grow ? BLOCK_CHARS - last.text.length : BLOCK_CHARS
      let j = i
      let chars = 0
      do chars += messages[j++].length + 1
      while (j < messages.length && chars + messages[j].length < room)
      const own = lowerJoined(messages.slice(i, j))
      if (grow) {
        this.blocks.pop()
        const starts = new Int32Array(last.n + (j - i) + 1)
        starts.set(last.starts)
        for (let k = 1; k <= j - i; k++) starts[last.n + k] = last.text.length + own.starts[k]
        // join, not +: `+` makes a rope that V8 would flatten (copy) on the first search, which
        // is exactly the latency this class exists to avoid; join writes one flat string now.
        this.push({ first: last.first, text: [last.text, own.text].join(''), starts, n: last.n + (j - i) })
      } else {
        this.push({ first: this.size, text: own.text, starts: own.starts, n: j - i })
      }
      i = j
    }
  }

  private push(b: Block): void {
    this.blocks.push(b)
    this.size = b.first + b.n
  }

  /**
   * The entries in [from, to), in order, whose lower-cased message contains `needle` (already
   * lower-cased, non-empty): the same answer as `messages[i].toLowerCase().includes(needle)`.
   */
  matches(needle: string, from: number, to: number): number[] {
    const out: number[] = []
    // A needle with a separator could match across two messages; nobody types a NUL, but the API allows it.
    if (needle.includes(SEP)) return out
    for (const b of this.blocksFrom(from)) {
      if (b.first >= to) break
      const lo = Math.max(from, b.first) - b.first
      const hi = Math.min(to, b.first + b.n) - b.first
      let j = lo
      let at = b.text.indexOf(needle, b.starts[lo])
      while (at >= 0) {
        j = entryAt(b.starts, at, j, b.n)
        if (j >= hi) break
        out.push(b.first + j)
        // One hit per entry: go on from the next message.
        j++
        at = b.text.indexOf(needle, b.starts[j])
      }
    }
    return out
  }

  private *blocksFrom(from: number): Generator<Block> {
    // Binary search for the block holding `from`: a live tail searches only the newest entries.
    let lo = 0
    let hi = this.blocks.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.blocks[mid].first <= from) lo = mid
      else hi = mid - 1
    }
    for (let k = lo; k < this.blocks.length; k++) yield this.blocks[k]
  }
}

/** The block-relative index of the message holding character `at`, searching from message `j` on. */
function entryAt(starts: Int32Array, at: number, j: number, n: number): number {
  // Gallop then bisect: dense hits (a one-letter search) step to the next message, sparse ones jump.
  let lo = j
  let hi = j + 1
  let step = 1
  while (hi < n && starts[hi] <= at) {
    lo = hi
    hi += step
    step *= 2
  }
  // Now starts[lo] <= at, and the answer is below min(hi, n).
  let top = Math.min(hi, n) - 1
  while (lo < top) {
    const mid = (lo + top + 1) >> 1
    if (starts[mid] <= at) lo = mid
    else top = mid - 1
  }
  return lo
}

/**
 * The messages lower-cased and joined with separators. Lower-casing the joined string gives the
 * same characters as lower-casing each message (the separator is neither a cased nor a
 * case-ignorable character, so even Greek final sigma sees the message's end), and it is one call
 * instead of thousands. Only U+0130 (İ) lower-cases to more characters than it had; when the
 * lengths differ, offsets would shift, so that block is lower-cased message by message.
 */
function lowerJoined(messages: readonly string[]): { text: string; starts: Int32Array } {
  const starts = new Int32Array(messages.length + 1)
  const joined = messages.join(SEP) + SEP
  let text = joined.toLowerCase()
  if (text.length === joined.length) {
    let at = 0
    for (let j = 0; j < messages.length; j++) starts[j + 1] = at += messages[j].length + 1
    return { text, starts }
  }
  const lower = messages.map((m) => m.toLowerCase())
  let at = 0
  for (let j = 0; j < lower.length; j++) starts[j + 1] = at += lower[j].length + 1
  text = lower.join(SEP) + SEP
  return { text, starts }
}
