/**
 * How a text file is written on disk, beyond its characters: a UTF-8 byte-order mark (most Unity
 * C# scripts have one: Visual Studio writes it), its line endings and whether it ends with one.
 * The editor (Monaco) drops the BOM from its model and may hand back a different line-ending
 * style than the file had, so a save would otherwise turn into a line-1 or every-line change in
 * the team's diff. Saving re-applies the disk version's format to the text the editor sends.
 */

export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf])

export type LineEndings = 'lf' | 'crlf' | 'mixed' | 'none'

export interface TextFormat {
  bom: boolean
  eol: LineEndings
  finalNewline: boolean
}

export function hasBom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
}

/** The line endings of a text (one pass, no regex). */
export function lineEndingsOf(text: string): LineEndings {
  let lf = 0
  let crlf = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++
    else lf++
  }
  if (lf === 0 && crlf === 0) return 'none'
  return lf === 0 ? 'crlf' : crlf === 0 ? 'lf' : 'mixed'
}

/** The format of the bytes on disk, and the text without its BOM (what the editor shows). */
export function decodeText(buf: Buffer): { text: string; format: TextFormat } {
  const bom = hasBom(buf)
  const text = (bom ? buf.subarray(3) : buf).toString('utf8')
  return { text, format: { bom, eol: lineEndingsOf(text), finalNewline: text.endsWith('\n') } }
}

/**
 * The bytes to write for `text` so the file keeps `format` (the disk version's): the BOM is put
 * back, line endings follow the file's single style (a mixed file is left as the editor sent it:
 * there is no style to keep). The final newline is the editor's text's own: it is converted with
 * the other line endings, never added or dropped (removing it is an edit the user can make).
 */
export function encodeText(text: string, format: TextFormat): Buffer {
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (format.eol === 'crlf') body = body.replace(/\r?\n/g, '\r\n')
  else if (format.eol === 'lf') body = body.replace(/\r\n/g, '\n')
  const bytes = Buffer.from(body, 'utf8')
  return format.bom || text.charCodeAt(0) === 0xfeff ? Buffer.concat([UTF8_BOM, bytes]) : bytes
}
