/**
 * Unity's YAML dialect, read into plain values.
 *
 * Unity writes a narrow, regular subset of YAML 1.1: block mappings, block sequences written at
 * the same indent as their key, flow mappings/sequences (`{fileID: 1, guid: …, type: 2}`) that may
 * wrap onto indented continuation lines, plain/single/double-quoted scalars that may wrap too, and
 * a `%TAG !u! tag:unity3d.com,2011:` header followed by `--- !u!<classId> &<fileId> [stripped]`
 * documents. A general YAML library gets the tags wrong and turns 64-bit file IDs into lossy
 * numbers, so we read it ourselves and keep EVERY scalar as a string: `fileID: -8276835574329789102`
 * stays exact, and callers convert the few numbers they need.
 *
 * The parser never throws on bad input and always terminates: every loop consumes at least one
 * line or character. Problems come back as `problems` for a diagnostic.
 */

import { FlowParser, OpenScanner, parseScalarText } from './yaml-scalars'
import type { YamlMap, YamlValue } from './yaml-value'

export type { YamlMap, YamlValue } from './yaml-value'

export interface UnityDocumentHeader {
  classId: string
  /** Kept as a string: Unity file IDs are 64-bit and may be negative. */
  fileId: string
  stripped: boolean
  /** 1-based line of the `---` line. */
  line: number
}

export interface UnityDocument extends UnityDocumentHeader {
  /** The class name: the document's single top-level key (`GameObject`, `MonoBehaviour`, …). */
  className: string | null
  body: YamlMap
}

export interface UnityYamlFile {
  yamlVersion: string | null
  tags: Record<string, string>
  documents: UnityDocument[]
  problems: string[]
}

const DOC_HEADER = /^--- !u!(-?\d+) &(-?\d+)( stripped)?\s*$/

/** Split a Unity YAML file into its documents and parse each. */
export function parseUnityYaml(text: string): UnityYamlFile {
  const lines = splitLines(text)
  const out: UnityYamlFile = { yamlVersion: null, tags: {}, documents: [], problems: [] }
  let current: { header: UnityDocumentHeader; start: number } | null = null
  const flush = (end: number) => {
    if (!current) return
    const { value, problems } = parseBlock(lines.slice(current.start, end), current.start)
    const body = isMap(value) ? value : {}
    const keys = Object.keys(body)
    for (const p of problems) out.problems.push(p)
    out.documents.push({ ...current.header, className: keys[0] ?? null, body: keys.length === 1 && isMap(body[keys[0]]) ? (body[keys[0]] as YamlMap) : body })
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('%YAML')) out.yamlVersion = line.slice(5).trim() || null
    else if (line.startsWith('%TAG')) {
      const [, handle, prefix] = line.split(/\s+/)
      if (handle && prefix) out.tags[handle] = prefix
    } else if (line.startsWith('---')) {
      flush(i)
      const m = DOC_HEADER.exec(line)
      if (!m) {
        if (line.trim() !== '---') out.problems.push(`line ${i + 1}: unrecognised document header "${line.slice(0, 80)}"`)
        current = { header: { classId: '', fileId: '', stripped: false, line: i + 1 }, start: i + 1 }
      } else {
        current = { header: { classId: m[1], fileId: m[2], stripped: m[3] !== undefined, line: i + 1 }, start: i + 1 }
      }
    }
  }
  flush(lines.length)
  return out
}

/** Parse plain YAML (no documents), e.g. a `.meta` file or one document body. */
export function parseYaml(text: string): { value: YamlValue; problems: string[] } {
  return parseBlock(splitLines(text), 0)
}

export function isMap(v: YamlValue | undefined): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function splitLines(text: string): string[] {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n')
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1)
  return lines
}

// ---------------------------------------------------------------------------------------------

interface Cursor {
  lines: string[]
  i: number
  base: number
  problems: string[]
  /** Nesting of the block being read; Unity files stay far below MAX_DEPTH. */
  depth: number
}

const MAX_DEPTH = 200

/**
 * Past MAX_DEPTH the file is damaged (or hostile): skip the lines of the too-deep block and report
 * it, instead of recursing until the stack or the heap gives out.
 */
function tooDeep(c: Cursor, indent: number): boolean {
  if (c.depth < MAX_DEPTH) return false
  c.problems.push(`line ${c.base + c.i + 1}: nesting too deep to read`)
  c.i++
  while (c.i < c.lines.length && (isBlank(c.lines[c.i]) || indentOf(c.lines[c.i]) >= indent)) c.i++
  return true
}

function parseBlock(lines: string[], base: number): { value: YamlValue; problems: string[] } {
  const c: Cursor = { lines, i: 0, base, problems: [], depth: 0 }
  skipBlank(c)
  if (c.i >= lines.length) return { value: null, problems: c.problems }
  let value: YamlValue
  try {
    value = parseNode(c, indentOf(lines[c.i]))
  } catch (err) {
    // Only a pathological nesting depth gets here (the stack runs out): report, do not crash.
    if (!(err instanceof RangeError)) throw err
    c.problems.push(`line ${c.base + c.i + 1}: nesting too deep to read`)
    return { value: null, problems: c.problems }
  }
  skipBlank(c)
  if (c.i < lines.length) {
    c.problems.push(`line ${c.base + c.i + 1}: unexpected content "${lines[c.i].trim().slice(0, 60)}"`)
  }
  return { value, problems: c.problems }
}

function indentOf(line: string): number {
  let n = 0
  while (n < line.length && line.charCodeAt(n) === 32) n++
  return n
}

function isBlank(line: string): boolean {
  const t = line.trimStart()
  return t === '' || t.startsWith('#')
}

function skipBlank(c: Cursor): void {
  while (c.i < c.lines.length && isBlank(c.lines[c.i])) c.i++
}

/** A node whose first line is at c.i with indent `indent`. */
function parseNode(c: Cursor, indent: number): YamlValue {
  const t = c.lines[c.i].slice(indent)
  if (t === '-' || t.startsWith('- ')) return parseSequence(c, indent)
  if (findKeyColon(t) >= 0) return parseMapping(c, indent)
  // A bare scalar block (rare in Unity files): the rest as one folded scalar.
  c.i++
  return parseValueText(collectContinuation(c, t, indent - 1), c)
}

function parseSequence(c: Cursor, indent: number): YamlValue[] {
  if (tooDeep(c, indent)) return []
  c.depth++
  try {
    return parseSequenceItems(c, indent)
  } finally {
    c.depth--
  }
}

function parseSequenceItems(c: Cursor, indent: number): YamlValue[] {
  const out: YamlValue[] = []
  while (c.i < c.lines.length) {
    skipBlank(c)
    if (c.i >= c.lines.length) break
    const line = c.lines[c.i]
    const ind = indentOf(line)
    const t = line.slice(ind)
    if (ind !== indent || !(t === '-' || t.startsWith('- '))) break
    const rest = t === '-' ? '' : t.slice(2)
    if (rest.trim() === '') {
      c.i++
      skipBlank(c)
      if (c.i < c.lines.length && indentOf(c.lines[c.i]) > indent) out.push(parseNode(c, indentOf(c.lines[c.i])))
      else out.push(null)
    } else if (rest === '-' || rest.startsWith('- ')) {
      // `- - {x: 1}`: a sequence nested directly in a sequence item (Unity's polygon paths).
      c.lines[c.i] = ' '.repeat(indent + 2) + rest
      out.push(parseSequence(c, indent + 2))
    } else if (findKeyColon(rest) >= 0 && !/^[[{'"]/.test(rest)) {
      // `- key: value` opens a mapping whose keys sit at indent + 2.
      c.lines[c.i] = ' '.repeat(indent + 2) + rest
      out.push(parseMapping(c, indent + 2))
    } else {
      c.i++
      out.push(parseValueText(collectContinuation(c, rest, indent), c))
    }
  }
  return out
}

function parseMapping(c: Cursor, indent: number): YamlMap {
  if (tooDeep(c, indent)) return Object.create(null) as YamlMap
  c.depth++
  try {
    return parseMappingEntries(c, indent)
  } finally {
    c.depth--
  }
}

function parseMappingEntries(c: Cursor, indent: number): YamlMap {
  const out: YamlMap = Object.create(null) as YamlMap
  while (c.i < c.lines.length) {
    skipBlank(c)
    if (c.i >= c.lines.length) break
    const line = c.lines[c.i]
    const ind = indentOf(line)
    if (ind !== indent) {
      if (ind > indent) {
        c.problems.push(`line ${c.base + c.i + 1}: unexpected indentation`)
        c.i++
        continue
      }
      break
    }
    const t = line.slice(ind)
    if (t === '-' || t.startsWith('- ')) break
    const colon = findKeyColon(t)
    if (colon < 0) {
      c.problems.push(`line ${c.base + c.i + 1}: expected "key: value", got "${t.slice(0, 60)}"`)
      c.i++
      continue
    }
    const key = unquoteKey(t.slice(0, colon))
    const rest = t.slice(colon + 1).trim()
    c.i++
    if (rest === '' || rest === '|' || rest === '>') {
      skipBlank(c)
      if (c.i < c.lines.length) {
        const next = c.lines[c.i]
        const nind = indentOf(next)
        const nt = next.slice(nind)
        const isSeq = nt === '-' || nt.startsWith('- ')
        if (nind > indent || (nind === indent && isSeq)) {
          out[key] = parseNode(c, nind)
          continue
        }
      }
      out[key] = rest === '' ? null : ''
    } else {
      out[key] = parseValueText(collectContinuation(c, rest, indent), c)
    }
  }
  return out
}

/**
 * Unity wraps long flow mappings and quoted strings onto following lines that are indented more
 * than the key. Gather them while the value is still open (unbalanced brackets or quote) or the
 * next line is a plain continuation.
 */
function collectContinuation(c: Cursor, first: string, indent: number): string {
  const parts = [first]
  const state = new OpenScanner()
  state.feed(first)
  let endsWithNewline = false
  while (c.i < c.lines.length) {
    const next = c.lines[c.i]
    const nind = indentOf(next)
    if (next.trim() === '') {
      if (!state.open) break
      parts.push('\n')
      state.feed('\n')
      endsWithNewline = true
      c.i++
      continue
    }
    // Inside an open quoted scalar Unity may put continuation lines (even the closing quote) at
    // column 0; only a document marker ends it then.
    const open = state.open
    if (nind <= indent && (!open || next.startsWith('--- '))) break
    const nt = next.slice(nind)
    // A plain scalar continues only onto lines that do not start a new key or item.
    if (!open && (findKeyColon(nt) >= 0 || nt.startsWith('- '))) break
    const piece = (endsWithNewline ? '' : ' ') + nt
    parts.push(piece)
    state.feed(piece)
    endsWithNewline = false
    c.i++
  }
  return parts.length === 1 ? first : parts.join('')
}

/** Position of the `:` that ends a mapping key, or -1. Keys may be quoted. */
function findKeyColon(t: string): number {
  if (t.startsWith('{') || t.startsWith('[')) return -1
  let k = 0
  if (t.startsWith('"') || t.startsWith("'")) {
    const q = t[0]
    k = 1
    while (k < t.length && t[k] !== q) k += t[k] === '\\' && q === '"' ? 2 : 1
    k++
  }
  for (; k < t.length; k++) {
    if (t.charCodeAt(k) === 58 /* : */ && (k + 1 === t.length || t[k + 1] === ' ' || t[k + 1] === '\t')) return k
    if (t[k] === '#' && k > 0 && t[k - 1] === ' ') return -1
  }
  return -1
}

function unquoteKey(raw: string): string {
  const k = raw.trim()
  if ((k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'"))) return parseScalarText(k, null) as string
  return k
}

function reporter(c: Cursor | null): ((message: string) => void) | null {
  return c ? (message) => c.problems.push(`line ${c.base + c.i}: ${message}`) : null
}

function parseValueText(text: string, c: Cursor | null): YamlValue {
  const t = text.trim()
  if (t.startsWith('{') || t.startsWith('[')) {
    const p = new FlowParser(t)
    const v = p.value()
    if (p.error && c) c.problems.push(`line ${c.base + c.i}: ${p.error}`)
    return v
  }
  return parseScalarText(t, reporter(c))
}

