import type { YamlMap, YamlValue } from './yaml-value'

/**
 * Scalars and flow collections of Unity's YAML: quoted strings (which may span lines), and
 * `{a: b, c: [d]}` flow values. Split from unity-yaml.ts (the block structure); same rules: every
 * scalar stays a string, nothing throws, every loop advances.
 */

/** True while brackets or a quoted string are still unclosed. */
export function isOpen(text: string): boolean {
  const t = text.trimStart()
  if (t.startsWith("'")) return !closedSingle(t)
  if (t.startsWith('"')) return !closedDouble(t)
  if (!(t.startsWith('{') || t.startsWith('['))) return false
  let depth = 0
  let quote: string | null = null
  for (let k = 0; k < t.length; k++) {
    const ch = t[k]
    if (quote) {
      if (ch === '\\' && quote === '"') k++
      else if (ch === quote) {
        if (quote === "'" && t[k + 1] === "'") k++
        else quote = null
      }
    } else if (ch === '"' || ch === "'") {
      if (k === 0 || /[\s,[{:]/.test(t[k - 1])) quote = ch
    } else if (ch === '{' || ch === '[') depth++
    else if (ch === '}' || ch === ']') depth--
  }
  return depth > 0 || quote !== null
}

function closedSingle(t: string): boolean {
  for (let k = 1; k < t.length; k++) {
    if (t[k] === "'") {
      if (t[k + 1] === "'") k++
      else return true
    }
  }
  return false
}

function closedDouble(t: string): boolean {
  for (let k = 1; k < t.length; k++) {
    if (t[k] === '\\') k++
    else if (t[k] === '"') return true
  }
  return false
}

/**
 * isOpen, fed line by line. collectContinuation asks "still open?" after every continuation line;
 * re-scanning the whole value each time was quadratic, which a damaged file with a flow value of
 * 100k lines would turn into a hang. This keeps the scan state instead; it answers exactly what
 * isOpen would for the concatenated text (yaml-scalars.test.ts checks that on random input).
 */
export class OpenScanner {
  private mode: 'start' | 'plain' | 'single' | 'double' | 'flow' | 'closed' = 'start'
  private depth = 0
  private quote: string | null = null
  private escape = false
  /** A `'` inside single quotes: an escaped `''` if the next character is `'`, else the end. */
  private quotePending = false
  private prev = ''
  private first = true

  feed(s: string): void {
    for (let k = 0; k < s.length; k++) this.char(s[k])
  }

  get open(): boolean {
    if (this.mode === 'single' || this.mode === 'double') return !this.quotePending
    if (this.mode === 'flow') return this.depth > 0 || (this.quote !== null && !(this.quote === "'" && this.quotePending))
    return false
  }

  private char(ch: string): void {
    switch (this.mode) {
      case 'start':
        if (/\s/.test(ch)) return
        this.mode = ch === "'" ? 'single' : ch === '"' ? 'double' : ch === '{' || ch === '[' ? 'flow' : 'plain'
        if (this.mode === 'flow') this.flowChar(ch)
        return
      case 'single':
        if (this.quotePending) {
          this.quotePending = false
          if (ch !== "'") this.mode = 'closed'
        } else if (ch === "'") this.quotePending = true
        return
      case 'double':
        if (this.escape) this.escape = false
        else if (ch === '\\') this.escape = true
        else if (ch === '"') this.mode = 'closed'
        return
      case 'flow':
        this.flowChar(ch)
        return
      default:
        return
    }
  }

  private flowChar(ch: string): void {
    const first = this.first
    this.first = false
    const prev = this.prev
    this.prev = ch
    if (this.quote !== null) {
      if (this.quote === '"') {
        if (this.escape) this.escape = false
        else if (ch === '\\') this.escape = true
        else if (ch === '"') this.quote = null
        return
      }
      if (this.quotePending) {
        this.quotePending = false
        if (ch === "'") return // '' inside single quotes
        this.quote = null // the previous ' closed it: this character is outside
      } else {
        if (ch === "'") this.quotePending = true
        return
      }
    }
    if (ch === '"' || ch === "'") {
      if (first || /[\s,[{:]/.test(prev)) this.quote = ch
    } else if (ch === '{' || ch === '[') this.depth++
    else if (ch === '}' || ch === ']') this.depth--
  }
}

export function parseScalarText(t: string, report: ((message: string) => void) | null): YamlValue {
  const s = t.trim()
  if (s.startsWith("'")) {
    const end = s.lastIndexOf("'")
    if (end <= 0) {
      report?.('unterminated quoted string')
      return s.slice(1)
    }
    return s.slice(1, end).replace(/''/g, "'")
  }
  if (s.startsWith('"')) return unescapeDouble(s, report)
  if (s === '~' || s === 'null') return null
  // Strip a trailing comment.
  const hash = s.indexOf(' #')
  return hash >= 0 ? s.slice(0, hash).trimEnd() : s
}

function unescapeDouble(s: string, report: ((message: string) => void) | null): string {
  let out = ''
  let k = 1
  for (; k < s.length; k++) {
    const ch = s[k]
    if (ch === '"') return out
    if (ch === '\\' && k + 1 < s.length) {
      const e = s[++k]
      if (e === 'n') out += '\n'
      else if (e === 't') out += '\t'
      else if (e === 'r') out += '\r'
      else if (e === '0') out += '\0'
      else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8
        const code = parseInt(s.slice(k + 1, k + 1 + len), 16)
        if (Number.isFinite(code) && code <= 0x10ffff) out += String.fromCodePoint(code)
        k += len
      } else if (e === ' ' || e === '\n') out += e === ' ' ? ' ' : ''
      else out += e
    } else if (ch === '\n') out += ' '
    else out += ch
  }
  report?.('unterminated quoted string')
  return out
}

/** `{a: b, c: [d, e]}`: single pass over the text; stops (with `error`) on malformed input. */
export class FlowParser {
  private k = 0
  error: string | null = null

  constructor(private readonly s: string) {}

  private nesting = 0

  value(): YamlValue {
    this.ws()
    const ch = this.s[this.k]
    if ((ch === '{' || ch === '[') && this.nesting >= 256) {
      // Unity never nests flow values deeply; a file that does is damaged. Stop, keep the rest raw.
      this.error ??= 'flow value nested too deeply'
      const rest = this.s.slice(this.k)
      this.k = this.s.length
      return rest
    }
    this.nesting++
    try {
      if (ch === '{') return this.map()
      if (ch === '[') return this.seq()
      return this.scalar()
    } finally {
      this.nesting--
    }
  }

  private ws(): void {
    while (this.k < this.s.length && /\s/.test(this.s[this.k])) this.k++
  }

  private map(): YamlMap {
    const out: YamlMap = Object.create(null) as YamlMap
    this.k++
    for (;;) {
      this.ws()
      if (this.k >= this.s.length) {
        this.error ??= 'unterminated flow mapping'
        return out
      }
      if (this.s[this.k] === '}') {
        this.k++
        return out
      }
      const keyStart = this.k
      const key = this.scalar(true)
      this.ws()
      if (this.s[this.k] === ':') {
        this.k++
        this.ws()
        const ch = this.s[this.k]
        out[String(key ?? '')] = ch === ',' || ch === '}' ? null : this.value()
      } else {
        out[String(key ?? '')] = null
      }
      this.ws()
      if (this.s[this.k] === ',') this.k++
      else if (this.s[this.k] !== '}') {
        this.error ??= `unexpected "${this.s[this.k] ?? 'end'}" in flow mapping`
        if (this.k === keyStart) this.k++
      }
    }
  }

  private seq(): YamlValue[] {
    const out: YamlValue[] = []
    this.k++
    for (;;) {
      this.ws()
      if (this.k >= this.s.length) {
        this.error ??= 'unterminated flow sequence'
        return out
      }
      if (this.s[this.k] === ']') {
        this.k++
        return out
      }
      const before = this.k
      out.push(this.value())
      this.ws()
      if (this.s[this.k] === ',') this.k++
      else if (this.s[this.k] !== ']') {
        this.error ??= `unexpected "${this.s[this.k] ?? 'end'}" in flow sequence`
        if (this.k === before) this.k++
      }
    }
  }

  private scalar(isKey = false): YamlValue {
    const ch = this.s[this.k]
    if (ch === "'" || ch === '"') {
      const start = this.k
      this.k++
      while (this.k < this.s.length) {
        if (ch === '"' && this.s[this.k] === '\\') this.k += 2
        else if (this.s[this.k] === ch) {
          if (ch === "'" && this.s[this.k + 1] === "'") this.k += 2
          else break
        } else this.k++
      }
      this.k++
      return parseScalarText(this.s.slice(start, Math.min(this.k, this.s.length)), null)
    }
    const start = this.k
    while (this.k < this.s.length) {
      const c = this.s[this.k]
      if (c === ',' || c === '}' || c === ']') break
      if (isKey && c === ':' && (this.s[this.k + 1] === ' ' || this.s[this.k + 1] === undefined)) break
      this.k++
    }
    const raw = this.s.slice(start, this.k).trim()
    return raw === '' || raw === '~' || raw === 'null' ? (isKey ? raw : null) : raw
  }
}
