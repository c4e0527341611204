/**
 * Fuzzy file matching for quick open, fast enough to rescore 100,000 paths on every keystroke:
 * lower-cased paths are prepared once, a query that extends the previous one only looks at the
 * previous candidates, and only the best `limit` results are kept (no full sort).
 *
 * Scoring follows what people expect from VS Code and Rider: a match inside the file name beats a
 * match spread over folders, consecutive characters and word starts (`/`, `.`, `_`, `-`, camelCase
 * humps) score more, and shorter paths win ties.
 */
export interface FuzzyResult {
  index: number
  score: number
}

export class FuzzyIndex {
  private readonly lower: string[]
  private readonly baseStart: Int32Array
  private lastQuery = ''
  private lastCandidates: Int32Array | null = null

  constructor(readonly items: readonly string[]) {
    this.lower = items.map((s) => s.toLowerCase())
    this.baseStart = Int32Array.from(items, (s) => s.lastIndexOf('/') + 1)
  }

  search(rawQuery: string, limit = 50): FuzzyResult[] {
    const query = rawQuery.replace(/\\/g, '/').replace(/\s+/g, '').toLowerCase()
    if (!query) {
      this.lastQuery = ''
      this.lastCandidates = null
      return []
    }
    const from = this.lastCandidates && this.lastQuery && query.startsWith(this.lastQuery) ? this.lastCandidates : null
    const n = from ? from.length : this.lower.length
    const candidates = new Int32Array(n)
    let count = 0
    const top: FuzzyResult[] = []
    for (let k = 0; k < n; k++) {
      const i = from ? from[k] : k
      const s = this.lower[i]
      if (!isSubsequence(query, s)) continue
      candidates[count++] = i
      const score = scoreOf(query, s, this.items[i], this.baseStart[i])
      if (top.length < limit) {
        top.push({ index: i, score })
        if (top.length === limit) top.sort(byScore)
      } else if (score > top[limit - 1].score) {
        // Insert into the sorted top list; limit is small, so this is cheap.
        let j = limit - 1
        while (j > 0 && top[j - 1].score < score) {
          top[j] = top[j - 1]
          j--
        }
        top[j] = { index: i, score }
      }
    }
    this.lastQuery = query
    this.lastCandidates = candidates.subarray(0, count)
    return top.length < limit ? top.sort(byScore) : top
  }

  /** How many items the last query matched. */
  get matched(): number {
    return this.lastCandidates?.length ?? 0
  }
}

const byScore = (a: FuzzyResult, b: FuzzyResult) => b.score - a.score

function isSubsequence(q: string, s: string, from = 0): boolean {
  let pos = from
  for (let k = 0; k < q.length; k++) {
    pos = s.indexOf(q[k], pos)
    if (pos < 0) return false
    pos++
  }
  return true
}

function isWordStart(orig: string, i: number): boolean {
  if (i === 0) return true
  const prev = orig.charCodeAt(i - 1)
  const cur = orig.charCodeAt(i)
  // after a separator, or an upper-case letter after a lower-case one (camelCase hump)
  return prev === 47 || prev === 46 || prev === 95 || prev === 45 || prev === 32 || (cur >= 65 && cur <= 90 && prev >= 97 && prev <= 122)
}

/** Greedy match preferring word starts, scored; matches inside the file name weigh most. */
function scoreOf(q: string, s: string, orig: string, base: number): number {
  let score = 0
  // No allocation per candidate: this runs for every match on every keystroke.
  const inBase = q.indexOf('/') < 0 && isSubsequence(q, s, base)
  let pos = inBase ? base : 0
  let prevMatch = -2
  for (let k = 0; k < q.length; k++) {
    const c = q[k]
    let at = s.indexOf(c, pos)
    // look a little ahead for the same character at a word start
    const limit = Math.min(s.length, at + 24)
    for (let t = at; t >= 0 && t < limit; t = s.indexOf(c, t + 1)) {
      if (t === prevMatch + 1) break
      if (isWordStart(orig, t)) {
        at = t
        break
      }
    }
    if (at === prevMatch + 1) score += 6
    if (isWordStart(orig, at)) score += 8
    if (at >= base) score += 2
    prevMatch = at
    pos = at + 1
  }
  if (inBase) score += 40
  if (s.startsWith(q, base)) {
    score += 30
    const dot = s.lastIndexOf('.')
    if (s.length - base === q.length || dot - base === q.length) score += 25
  }
  return score * 1000 - s.length
}

/** Positions of the query's characters in `s` (for highlighting one shown result). */
export function matchPositions(rawQuery: string, s: string): number[] {
  const q = rawQuery.replace(/\s+/g, '').toLowerCase()
  const lower = s.toLowerCase()
  const base = s.lastIndexOf('/') + 1
  const inBase = q.indexOf('/') < 0 && isSubsequence(q, lower, base)
  const out: number[] = []
  let pos = inBase ? base : 0
  for (const c of q) {
    const at = lower.indexOf(c, pos)
    if (at < 0) return out
    out.push(at)
    pos = at + 1
  }
  return out
}

/** `Assets/X.cs:12:5` → path, line, column (what a stack trace or a colleague's message gives). */
export function splitPosition(query: string): { text: string; line?: number; column?: number } {
  const m = /^(.*?)(?:[:(](\d+)(?:[:,](\d+))?\)?)$/.exec(query.trim())
  if (!m || !m[1]) return { text: query.trim() }
  return { text: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined }
}
