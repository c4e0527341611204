import { parseScalarText } from '../../unity/yaml/yaml-scalars'
import { objectClassName } from './class-names'

/**
 * The PackedAssets documents (`--- !u!1126`) are nearly all of a big report: six lines per packed
 * object, hundreds of thousands of objects. They are scanned line by line from the bytes, without a
 * YAML tree: the objects of one document are summed per (source asset, class) as they are read, so
 * memory grows with the number of distinct assets, not with the file.
 *
 * The layout Unity writes:
 *   PackedAssets:
 *     m_File: 68                       (the `id` of an entry of the BuildReport's m_Files)
 *     m_ShortPath: sharedassets0.assets
 *     m_Overhead: 4103
 *     m_Contents:
 *     - fileID: 2                      (entries at the key's indent, keys at +2)
 *       classID: 28
 *       packedSize: 136
 *       offset: 4152
 *       sourceAssetGUID: 8fbc1d2a1c0a4fe4ca0dcac8bfed5568
 *       buildTimeAssetPath: Assets/Sprites/red.png
 * Values that need it may be quoted, and long ones wrapped onto deeper-indented lines; both are
 * handled. Unknown keys are ignored, so a newer Unity adding fields does not break the reader.
 */
export interface PackedDocument {
  fileId: string | null
  shortPath: string
  overhead: number
  /** key `${guid}\n${path}\n${classId}` → [size, objects] */
  sums: Map<string, [number, number]>
  objects: number
}

const SPACE = 0x20
const DASH = 0x2d

export class PackedScanner {
  readonly doc: PackedDocument = { fileId: null, shortPath: '', overhead: 0, sums: new Map(), objects: 0 }
  private inContents = false
  private entryIndent = -1
  // The entry being read.
  private classId = ''
  private size = 0
  private guid = ''
  private path = ''
  private hasEntry = false
  /** The last key read, for continuation lines of a wrapped value. */
  private lastKey = ''
  private lastIndent = -1

  /** One line of the document (without its newline), as bytes [start, end) of `buf`. */
  line(buf: Buffer, start: number, end: number): void {
    if (end > start && buf[end - 1] === 0x0d) end--
    let i = start
    while (i < end && buf[i] === SPACE) i++
    if (i === end) return
    const indent = i - start
    let keyStart = i
    let isEntry = false
    if (buf[i] === DASH && (i + 1 === end || buf[i + 1] === SPACE)) {
      if (this.inContents && (this.entryIndent < 0 || indent === this.entryIndent)) {
        this.finishEntry()
        this.entryIndent = indent
        this.hasEntry = true
        isEntry = true
        keyStart = i + 2
        while (keyStart < end && buf[keyStart] === SPACE) keyStart++
        if (keyStart >= end) return
      } else return
    }
    // A continuation of a wrapped value: deeper than the key it belongs to.
    if (!isEntry && this.lastIndent >= 0 && indent > this.lastIndent && this.hasEntry) {
      this.continueValue(buf.toString('utf8', i, end))
      return
    }
    const colon = buf.indexOf(0x3a, keyStart)
    if (colon < 0 || colon >= end) return
    const key = keyName(buf, keyStart, colon)
    let v = colon + 1
    while (v < end && buf[v] === SPACE) v++
    const keyIndent = isEntry ? keyStart - start : indent
    this.lastIndent = keyIndent
    this.lastKey = key
    if (this.inContents && this.hasEntry && (isEntry || indent > this.entryIndent)) {
      this.entryField(key, buf, v, end)
      return
    }
    // Document-level keys (indent 2 under `PackedAssets:`).
    if (this.inContents && indent <= this.entryIndent) {
      this.finishEntry()
      this.inContents = false
    }
    this.lastIndent = -1
    if (key === 'm_File') this.doc.fileId = buf.toString('latin1', v, end).trim()
    else if (key === 'm_ShortPath') this.doc.shortPath = scalar(buf.toString('utf8', v, end))
    else if (key === 'm_Overhead') this.doc.overhead = int(buf, v, end)
    else if (key === 'm_Contents') {
      this.inContents = buf.toString('latin1', v, end).trim() !== '[]'
      this.entryIndent = -1
    }
  }

  private entryField(key: string, buf: Buffer, v: number, end: number): void {
    switch (key) {
      case 'classID':
        this.classId = buf.toString('latin1', v, end).trim()
        break
      case 'packedSize':
        this.size = int(buf, v, end)
        break
      case 'sourceAssetGUID':
        this.guid = buf.toString('latin1', v, end).trim().toLowerCase()
        break
      case 'buildTimeAssetPath':
        this.path = buf.toString('utf8', v, end)
        break
      default:
        // fileID, offset and whatever a later Unity adds: not needed for sizes.
        this.lastKey = ''
    }
  }

  private continueValue(text: string): void {
    if (this.lastKey === 'buildTimeAssetPath') this.path += ` ${text}`
  }

  private finishEntry(): void {
    if (!this.hasEntry) return
    const path = this.path.length && (this.path.charCodeAt(0) === 0x27 || this.path.charCodeAt(0) === 0x22) ? scalar(this.path) : this.path.trimEnd()
    const key = `${this.guid}\n${path}\n${this.classId}`
    const s = this.doc.sums.get(key)
    if (s) {
      s[0] += this.size
      s[1]++
    } else this.doc.sums.set(key, [this.size, 1])
    this.doc.objects++
    this.hasEntry = false
    this.classId = ''
    this.size = 0
    this.guid = ''
    this.path = ''
    this.lastIndent = -1
  }

  end(): PackedDocument {
    this.finishEntry()
    return this.doc
  }
}

/**
 * The key of a line. The six keys of a packed object come back as shared constants, recognised
 * from their bytes without making a string: over 2 million lines in a 70 MB report.
 */
const KNOWN = ['fileID', 'classID', 'packedSize', 'offset', 'sourceAssetGUID', 'buildTimeAssetPath', 'm_File', 'm_ShortPath', 'm_Overhead', 'm_Contents'].map((k) => ({ k, b: Buffer.from(k, 'latin1') }))
function keyName(buf: Buffer, start: number, end: number): string {
  const len = end - start
  const first = buf[start]
  for (const { k, b } of KNOWN) if (b.length === len && b[0] === first && buf.compare(b, 0, len, start, end) === 0) return k
  return buf.toString('latin1', start, end)
}

function scalar(text: string): string {
  const v = parseScalarText(text, null)
  return typeof v === 'string' ? v : ''
}

/** A non-negative decimal from bytes; 0 for anything else (a damaged value never throws). */
function int(buf: Buffer, start: number, end: number): number {
  let n = 0
  let digits = 0
  for (let i = start; i < end; i++) {
    const c = buf[i]
    if (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30)
      digits++
    } else if (c === SPACE || c === 0x0d) {
      if (digits) break
    } else return 0
  }
  return n
}

/** Split the sums of a document into entries. */
export function packedEntries(doc: PackedDocument): { guid: string; path: string; classId: string; type: string; size: number; objects: number }[] {
  const out = []
  for (const [key, [size, objects]] of doc.sums) {
    const a = key.indexOf('\n')
    const b = key.indexOf('\n', a + 1)
    const classId = key.slice(b + 1)
    out.push({ guid: key.slice(0, a), path: key.slice(a + 1, b), classId, type: objectClassName(classId), size, objects })
  }
  return out
}
