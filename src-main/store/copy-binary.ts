import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

/**
 * COPY … FROM STDIN (FORMAT binary) for the log tables' hot path.
 *
 * Why binary: in the text format PostgreSQL parses every uuid and timestamptz from text, and that
 * parsing was the largest single part of COPY's server time for log lines (measured on the 2-core
 * CI machine, 400,000 lines into a table without indexes: 1.9–2.3 s as text, 0.8–1.0 s binary).
 * Here the client lays out the values PostgreSQL stores: 16 bytes for a uuid, microseconds since
 * 2000-01-01 for a timestamptz. The binary format is PostgreSQL's documented, stable one (the
 * `COPY` reference, "Binary Format"); jsonb and text are sent as their UTF-8 text.
 *
 * A value the encoder cannot lay out (a uuid or timestamp that is not one) throws a
 * CopyValueError carrying a data-exception SQLSTATE, so callers treat it as PostgreSQL's own
 * refusal of that row (the log sink then isolates the row, see log-sink.ts writeApart).
 */

export class CopyValueError extends Error {
  /** SQLSTATE class 22 (data exception), as PostgreSQL reports a bad value in COPY */
  readonly code: string
  constructor(message: string, code: '22P02' | '22007') {
    super(message)
    this.name = 'CopyValueError'
    this.code = code
  }
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const CHUNK = 1 << 20

const HEX = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX[48 + i] = i
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

function digits(s: string, at: number, n: number): number {
  let v = 0
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/** rint(): round half to even, as C's rint does in the default rounding mode */
function rint(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** what readPgTime read: whole seconds since PostgreSQL's epoch, and microseconds (0…1,000,000) */
let readSeconds = 0
let readMicros = 0

/**
 * An RFC 3339 / ISO 8601 date-time with a zone (`2026-01-01T10:00:00.123456Z`, `… 10:00:00+02:00`,
 * `+0200`, `+02`), read as PostgreSQL reads it: the fraction as a double, times 10^6, rounded by
 * rint (ParseFractionalSecond). False when the text is not one (or names a day that does not exist).
 */
function readPgTime(s: string): boolean {
  // lines of a batch share their minute: the date, hour and minute are read once per minute
  if (s.length > 16 && lastMinute.length === 16 && s.startsWith(lastMinute)) return restOfTime(s, lastMinuteSeconds)
  if (s.length < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return false
  const sep = s.charCodeAt(10)
  if (sep !== 84 && sep !== 32 && sep !== 116) return false
  const y = digits(s, 0, 4)
  const mo = digits(s, 5, 2)
  const d = digits(s, 8, 2)
  const h = digits(s, 11, 2)
  const mi = digits(s, 14, 2)
  // year 0000 does not exist (PostgreSQL refuses it; 1 BC is written with "BC")
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return false
  if (d > (mo === 2 && isLeap(y) ? 29 : MONTH_DAYS[mo - 1])) return false
  const minute = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 - PG_EPOCH_S
  if (!restOfTime(s, minute)) return false
  lastMinute = s.slice(0, 16)
  lastMinuteSeconds = minute
  return true
}

/** Microseconds since PostgreSQL's epoch of an RFC 3339 date-time (see readPgTime), null when it is not one. */
export function pgMicros(s: string): bigint | null {
  return readPgTime(s) ? BigInt(readSeconds) * 1_000_000n + BigInt(readMicros) : null
}

let lastMinute = ''
let lastMinuteSeconds = 0
const PG_EPOCH_S = 946_684_800

/** The seconds, fraction and zone after `YYYY-MM-DDTHH:MM` (s[16] on); `minute`: that minute's seconds since PostgreSQL's epoch, as if UTC. */
function restOfTime(s: string, minute: number): boolean {
  let i = 16
  let sec = 0
  let micros = 0
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2)
    if (sec < 0 || sec > 59) return false
    i += 3
    if (s.charCodeAt(i) === 46) {
      i++
      const start = i
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
      const n = i - start
      if (n === 0) return false
      // up to 6 digits the double product is within 1e-9 of the integer: read them as one
      micros = n <= 6 ? digits(s, start, n) * POW10[6 - n] : rint(Number(`0.${s.slice(start, i)}`) * 1e6)
    }
  }
  let offsetMin = 0
  const z = s.charCodeAt(i)
  if ((z === 90 || z === 122) && i + 1 === s.length) offsetMin = 0
  else if (z === 43 || z === 45) {
    const rest = s.length - i - 1
    const oh = digits(s, i + 1, 2)
    let om = 0
    if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits(s, i + 4, 2)
    else if (rest === 4) om = digits(s, i + 3, 2)
    else if (rest !== 2) return false
    if (oh < 0 || oh > 15 || om < 0 || om > 59) return false
    offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om)
  } else return false
  readSeconds = minute + sec - offsetMin * 60
  readMicros = micros
  return true
}
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

/**
 * Lays out rows of the binary COPY format into ~1 MB buffers. Fields are written in the table's
 * column order by the caller (row(), then one call per column); finish() hands out the buffers.
 */
export class BinaryCopyWriter {
  private buf = Buffer.allocUnsafe(CHUNK)
  private off = 0
  private readonly full: Buffer[] = []
  rows = 0

  constructor() {
    SIGNATURE.copy(this.buf, 0)
    this.buf.writeInt32BE(0, 11) // flags
    this.buf.writeInt32BE(0, 15) // header extension length
    this.off = 19
  }

  private ensure(n: number): void {
    if (this.off + n <= this.buf.length) return
    this.full.push(this.buf.subarray(0, this.off))
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n))
    this.off = 0
  }

  row(fields: number): void {
    this.ensure(2)
    this.buf.writeInt16BE(fields, this.off)
    this.off += 2
    this.rows++
  }

  private repeatedText: string | null = null
  private readonly repeatedBytes = new Uint8Array(16)

  /**
   * A uuid that is usually the previous row's (a log line's session): laid out once, then
   * copied while it repeats.
   */
  repeatedUuid(v: string): void {
    if (v !== this.repeatedText) {
      this.uuid(v)
      this.repeatedBytes.set(this.buf.subarray(this.off - 16, this.off))
      this.repeatedText = v
      return
    }
    this.ensure(20)
    this.buf.writeInt32BE(16, this.off)
    this.buf.set(this.repeatedBytes, this.off + 4)
    this.off += 20
  }

  /** a canonical uuid (36 characters with dashes, or 32 hex digits), any case */
  uuid(v: string): void {
    const dashed = v.length === 36
    if (!dashed && v.length !== 32) throw new CopyValueError(`invalid input syntax for type uuid: "${v.slice(0, 60)}"`, '22P02')
    this.ensure(20)
    const b = this.buf
    let o = this.off
    b.writeInt32BE(16, o)
    o += 4
    let i = 0
    for (let k = 0; k < 16; k++) {
      if (dashed && (i === 8 || i === 13 || i === 18 || i === 23)) {
        if (v.charCodeAt(i) !== 45) throw new CopyValueError(`invalid input syntax for type uuid: "${v}"`, '22P02')
        i++
      }
      const hi = v.charCodeAt(i)
      const lo = v.charCodeAt(i + 1)
      const a = hi < 128 ? HEX[hi] : -1
      const c = lo < 128 ? HEX[lo] : -1
      if (a < 0 || c < 0) throw new CopyValueError(`invalid input syntax for type uuid: "${v}"`, '22P02')
      b[o++] = (a << 4) | c
      i += 2
    }
    this.off = o
  }

  text(v: string): void {
    this.ensure(4 + v.length * 3)
    const n = this.utf8(v, this.off + 4)
    this.buf.writeInt32BE(n, this.off)
    this.off += 4 + n
  }

  /** jsonb's binary form: version 1, then the JSON text */
  jsonb(json: string): void {
    this.ensure(5 + json.length * 3)
    this.buf[this.off + 4] = 1
    const n = this.utf8(json, this.off + 5)
    this.buf.writeInt32BE(n + 1, this.off)
    this.off += 5 + n
  }

  /**
   * v as UTF-8 at `at` (room for 3 bytes per unit is ensured); the bytes written. Short ASCII
   * text — levels, most log lines, small JSON — is copied by hand: Buffer#write's call into C++
   * cost more than the copy itself (it was a tenth of the aggregator's CPU time).
   */
  private utf8(v: string, at: number): number {
    const b = this.buf
    if (v.length <= 256) {
      let i = 0
      for (; i < v.length; i++) {
        const c = v.charCodeAt(i)
        if (c >= 0x80) break
        b[at + i] = c
      }
      if (i === v.length) return i
      return i + b.write(v.slice(i), at + i, 'utf8')
    }
    return b.write(v, at, 'utf8')
  }

  /** an RFC 3339 date-time with a zone (see readPgTime) */
  timestamptz(v: string): void {
    if (!readPgTime(v)) throw new CopyValueError(`invalid input syntax for type timestamp with time zone: "${v.slice(0, 60)}"`, '22007')
    this.ensure(12)
    this.buf.writeInt32BE(8, this.off)
    if (Math.abs(readSeconds) < 9e9) {
      // within ±285 years of 2000 the count fits a double exactly: two 32-bit halves, no BigInt
      const us = readSeconds * 1_000_000 + readMicros
      const hi = Math.floor(us / 4294967296)
      this.buf.writeInt32BE(hi, this.off + 4)
      this.buf.writeUInt32BE(us - hi * 4294967296, this.off + 8)
    } else this.buf.writeBigInt64BE(BigInt(readSeconds) * 1_000_000n + BigInt(readMicros), this.off + 4)
    this.off += 12
  }

  /** every buffer, the trailer ended; the writer is done */
  finish(): Buffer[] {
    this.ensure(2)
    this.buf.writeInt16BE(-1, this.off)
    this.off += 2
    this.full.push(this.buf.subarray(0, this.off))
    this.buf = Buffer.alloc(0)
    this.off = 0
    return this.full.splice(0)
  }
}

/**
 * COPY `columns` of `table` FROM STDIN in the binary format; `encode` writes one row per item
 * (row(n) and then a value per column, in order). Returns the rows written.
 */
export async function copyBinary<T>(client: pg.PoolClient, table: string, columns: string[], items: Iterable<T>, encode: (w: BinaryCopyWriter, item: T) => void): Promise<number> {
  const w = new BinaryCopyWriter()
  // encoded before the statement starts: a value that cannot be laid out fails the batch without
  // a round trip, and the COPY goes out as one burst of writes
  for (const item of items) encode(w, item)
  const chunks = w.finish()
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`))
  const done = finished(stream)
  try {
    for (let i = 0; i < chunks.length - 1; i++) if (!stream.write(chunks[i])) await once(stream, 'drain')
  } catch (err) {
    await done.catch(() => undefined)
    throw err
  }
  stream.end(chunks[chunks.length - 1])
  await done
  return w.rows
}
