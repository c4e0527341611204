/**
 * The CSV Unity's Profile Analyzer writes: comma-separated, or semicolon-separated where the
 * user's locale writes decimals with a comma (the Profile Analyzer follows the OS list separator);
 * fields may be quoted ("PlayerLoop") with "" as an escaped quote; a UTF-8 BOM may lead.
 */
export interface CsvTable {
  delimiter: string
  header: string[]
  rows: string[][]
}

export function detectDelimiter(headerLine: string): string {
  let best = ','
  let bestCount = -1
  for (const d of [',', ';', '\t']) {
    let n = 0
    let quoted = false
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted
      else if (!quoted && ch === d) n++
    }
    if (n > bestCount) {
      best = d
      bestCount = n
    }
  }
  return best
}

export function parseCsv(text: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = body.slice(0, body.search(/\r?\n|$/))
  const delimiter = detectDelimiter(firstLine)
  const records: string[][] = []
  let field = ''
  let record: string[] = []
  let quoted = false
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field.trim() === '') {
      quoted = true
      field = ''
    } else if (ch === delimiter) {
      record.push(field.trim())
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      record.push(field.trim())
      if (record.some((f) => f !== '')) records.push(record)
      record = []
      field = ''
    } else field += ch
  }
  record.push(field.trim())
  if (record.some((f) => f !== '')) records.push(record)
  const [header = [], ...rows] = records
  return { delimiter, header, rows }
}

/**
 * A number as a locale may write it: "16.578", "16,578" (decimal comma), "1.234,5" / "1,234.5"
 * (the last separator is the decimal one when both appear), "1 234,5". Null for anything else.
 */
export function parseLocaleNumber(raw: string | undefined, decimalComma: boolean): number | null {
  if (raw === undefined) return null
  let s = raw.trim().replace(/[\s\u00a0\u202f]/g, '')
  if (s === '' || /^(nan|-|n\/a)$/i.test(s)) return null
  const hasDot = s.includes('.')
  const hasComma = s.includes(',')
  if (hasDot && hasComma) {
    s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '')
  } else if (hasComma) {
    // a lone comma is a decimal comma in a semicolon file; in a comma file it cannot occur unquoted
    s = decimalComma || /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s.replace(/,/g, '')
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null
  const n = Number(s)
  return Number.isFinite(n) ? n : null
}

/** Column index by a header name, compared without case, spaces and units in brackets. */
export function column(header: string[], ...names: string[]): number {
  const norm = (s: string) => s.toLowerCase().replace(/\(.*?\)/g, '').replace(/[^a-z0-9]/g, '')
  const wanted = names.map(norm)
  return header.findIndex((h) => wanted.includes(norm(h)))
}
