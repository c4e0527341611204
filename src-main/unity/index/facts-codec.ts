import type { Storage } from '../scan/guid-scan'
import { StringTable } from '../scan/string-table'
import { NO_COUNTS, NO_REFS, type FileFacts, type MetaFacts, type ScannedFile } from './file-facts'

/**
 * The worker → main thread format for a chunk of facts. Posting FileFacts objects made the main
 * thread deserialize a million small objects and a fresh string per GUID occurrence (structured
 * clone does not share strings between messages), and that garbage was most of the main thread's
 * time on a 100k-asset index. Instead the worker numbers every string it sends (GUIDs, importer
 * and class names, problems) once per worker, and each file becomes a few integers in one
 * transferable Int32Array. Paths are not sent at all: records come back in request order.
 *
 * Record layout in `ints`, one per requested path:
 *   file: 0, storage, classId, occurrences, n, ref × n, count × n
 *   meta: 1, folder, importer, mainClass, conflict, problem, n, guid × n
 * (string fields are table indices, -1 for null); `nums` holds size and mtimeMs per record.
 */
export interface EncodedFacts {
  /** Strings this chunk numbers for the first time, in index order: appended to the table. */
  strings: string[]
  ints: Int32Array
  nums: Float64Array
}

const STORAGES: Storage[] = ['yaml', 'json', 'text', 'binary', 'lfs', 'empty']
const STORAGE_CODE = new Map(STORAGES.map((s, i) => [s, i]))

/**
 * Worker side. `table` numbers every string the worker sends, for the life of the worker, so each
 * crosses the thread once; the worker's reference scan counts straight into the same ids.
 */
export class FactsEncoder {
  readonly table = new StringTable()
  private sent = 0
  /**
   * Growable typed arrays rather than number[]: their contents live outside the JS heap, so the
   * young-generation GC does not copy a chunk's worth of numbers over and over while it fills.
   */
  private ints: Int32Array = new Int32Array(1 << 16)
  private nInts = 0
  private nums: Float64Array = new Float64Array(1 << 12)
  private nNums = 0

  private int(v: number): void {
    if (this.nInts === this.ints.length) {
      const next = new Int32Array(this.ints.length * 2)
      next.set(this.ints)
      this.ints = next
    }
    this.ints[this.nInts++] = v
  }

  private num(a: number, b: number): void {
    if (this.nNums + 2 > this.nums.length) {
      const next = new Float64Array(this.nums.length * 2)
      next.set(this.nums)
      this.nums = next
    }
    this.nums[this.nNums++] = a
    this.nums[this.nNums++] = b
  }

  private id(s: string | null): number {
    return s === null ? -1 : this.table.idOf(s)
  }

  /** A file scanned with this encoder's table. */
  file(f: ScannedFile): void {
    this.int(0)
    this.int(STORAGE_CODE.get(f.storage)!)
    this.int(this.id(f.classId))
    this.int(f.occurrences)
    this.int(f.ids.length)
    for (const g of f.ids) this.int(g)
    for (const c of f.counts) this.int(c)
    this.num(f.size, f.mtimeMs)
  }

  /** A file record as the index holds it (the persisted cache encodes these). */
  record(f: FileFacts): void {
    this.int(0)
    this.int(STORAGE_CODE.get(f.storage)!)
    this.int(this.id(f.classId))
    this.int(f.occurrences)
    this.int(f.refs.length)
    for (const g of f.refs) this.int(this.id(g))
    for (const c of f.counts) this.int(c)
    this.num(f.size, f.mtimeMs)
  }

  meta(m: MetaFacts): void {
    this.int(1)
    this.int(m.folder ? 1 : 0)
    this.int(this.id(m.importer))
    this.int(this.id(m.mainClass))
    this.int(m.conflict ? 1 : 0)
    this.int(this.id(m.problem))
    this.int(m.guids.length)
    for (const g of m.guids) this.int(this.id(g))
    this.num(m.size, m.mtimeMs)
  }

  /** The chunk so far; the encoder starts the next one empty (the string numbering carries on). */
  take(): EncodedFacts {
    // Copies of the filled part (the worker transfers them; the buffers here are reused).
    const chunk = { strings: this.table.strings.slice(this.sent), ints: this.ints.slice(0, this.nInts), nums: this.nums.slice(0, this.nNums) }
    this.sent = this.table.size
    this.nInts = 0
    this.nNums = 0
    return chunk
  }
}

/**
 * Main side: one decoder per worker (its string table). `canon` is shared by all decoders so every
 * GUID is one string object in the index, whichever worker saw it first.
 */
export class FactsDecoder {
  private readonly table: string[] = []

  /** `canon` null: the strings are known to be distinct already (one table, the cache). */
  constructor(private readonly canon: Map<string, string> | null) {}

  /** Appends the chunk's records; returns how many ints it read (a whole chunk: all of them). */
  decode(chunk: EncodedFacts, paths: string[], files: FileFacts[], metas: MetaFacts[]): number {
    for (const s of chunk.strings) {
      let c = this.canon ? this.canon.get(s) : s
      if (c === undefined) this.canon!.set(s, (c = s))
      this.table.push(c)
    }
    const t = this.table
    const str = (i: number) => (i < 0 ? null : t[i])
    const { ints, nums } = chunk
    let k = 0
    for (let r = 0; r < paths.length; r++) {
      const size = nums[2 * r]
      const mtimeMs = nums[2 * r + 1]
      if (ints[k] === 0) {
        const storage = STORAGES[ints[k + 1]]
        const classId = str(ints[k + 2])
        const occurrences = ints[k + 3]
        const n = ints[k + 4]
        k += 5
        let refs = NO_REFS
        let counts = NO_COUNTS
        if (n > 0) {
          refs = []
          counts = []
          for (let j = 0; j < n; j++) refs.push(t[ints[k + j]])
          for (let j = 0; j < n; j++) counts.push(ints[k + n + j])
          k += 2 * n
        }
        files.push({ path: paths[r], size, mtimeMs, storage, classId, refs, counts, occurrences })
      } else {
        const folder = ints[k + 1] === 1
        const importer = str(ints[k + 2])
        const mainClass = str(ints[k + 3])
        const conflict = ints[k + 4] === 1
        const problem = str(ints[k + 5])
        const n = ints[k + 6]
        k += 7
        const guids: string[] = []
        for (let j = 0; j < n; j++) guids.push(t[ints[k + j]])
        k += n
        metas.push({ path: paths[r], size, mtimeMs, guids, folder, importer, mainClass, conflict, problem })
      }
    }
    return k
  }
}
