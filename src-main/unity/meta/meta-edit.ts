/**
 * Change importer settings in a `.meta` without re-serializing it: each changed key's value is
 * replaced in place on its own line, and everything else (order, spacing, CRLF, comments, keys we
 * do not understand) stays byte for byte. A missing leaf key is appended at the end of its mapping.
 */

export interface MetaEdit {
  text: string
  /** Dotted keys whose value actually changed. */
  changed: string[]
  /** Dotted keys that could not be placed (a parent mapping does not exist). */
  missing: string[]
}

interface Line {
  start: number
  /** Content end, before `\r\n` / `\n`. */
  end: number
  indent: number
  key: string | null
}

function scanLines(text: string): Line[] {
  const out: Line[] = []
  let start = 0
  while (start < text.length) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) nl = text.length
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl
    const content = text.slice(start, end)
    let indent = 0
    while (indent < content.length && content[indent] === ' ') indent++
    const m = /^([^\s:#'"{[-][^:]*?):(?: |$)/.exec(content.slice(indent))
    out.push({ start, end, indent, key: m ? m[1] : null })
    start = nl + 1
  }
  return out
}

/** Quote a value only when Unity would (it must stay one plain line otherwise). */
export function formatScalar(value: string): string {
  if (value === '') return ''
  if (/^[{[]/.test(value)) return value // flow mapping/sequence given verbatim, e.g. {x: 0.5, y: 0.5}
  if (/^[\w./+-][^\n]*$/.test(value) && !/: |\s#|^[-?:,]|\s$/.test(value)) return value
  return `'${value.replace(/'/g, "''").replace(/\n/g, ' ')}'`
}

export function editImporterSettings(text: string, importer: string, changes: Record<string, string>): MetaEdit {
  const changed: string[] = []
  const missing: string[] = []
  // Apply edits one at a time from a fresh line scan: offsets shift after each replacement.
  for (const [dotted, value] of Object.entries(changes)) {
    const lines = scanLines(text)
    const top = lines.findIndex((l) => l.indent === 0 && l.key === importer)
    if (top < 0) {
      missing.push(dotted)
      continue
    }
    const parts = dotted.split('.').filter(Boolean)
    let parent = top
    let found = -1
    for (let p = 0; p < parts.length; p++) {
      const child = findChild(lines, parent, parts[p])
      if (child.index < 0) {
        if (p === parts.length - 1 && child.childIndent >= 0) {
          // Append the new key as the last line of the parent's block.
          const at = child.blockEnd < lines.length ? lines[child.blockEnd].start : text.length
          const eol = text.includes('\r\n') ? '\r\n' : '\n'
          const prefix = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : ''
          text = `${text.slice(0, at)}${prefix}${' '.repeat(child.childIndent)}${parts[p]}: ${formatScalar(value)}${eol}${text.slice(at)}`
          changed.push(dotted)
        } else missing.push(dotted)
        found = -2
        break
      }
      parent = child.index
      found = child.index
    }
    if (found < 0) continue
    const line = lines[found]
    const content = text.slice(line.start, line.end)
    const keyEnd = content.indexOf(':', line.indent) + 1
    const current = content.slice(keyEnd).replace(/^ /, '')
    const next = formatScalar(value)
    if (current === next) continue
    text = `${text.slice(0, line.start)}${content.slice(0, keyEnd)} ${next}${text.slice(line.end)}`
    changed.push(dotted)
  }
  return { text, changed, missing }
}

/** The line of `key` directly below `parent`, the indent of its children, and where the block ends. */
function findChild(lines: Line[], parent: number, key: string): { index: number; childIndent: number; blockEnd: number } {
  const base = lines[parent].indent
  let childIndent = -1
  let k = parent + 1
  for (; k < lines.length; k++) {
    const l = lines[k]
    if (l.end === l.start) continue
    if (l.indent <= base) break
    if (childIndent < 0) childIndent = l.indent
    if (l.indent === childIndent && l.key === key) return { index: k, childIndent, blockEnd: k }
  }
  // Trim trailing blank lines off the block so appended keys land right after its last entry.
  let end = k
  while (end - 1 > parent && lines[end - 1].end === lines[end - 1].start) end--
  return { index: -1, childIndent: childIndent < 0 ? base + 2 : childIndent, blockEnd: end }
}
