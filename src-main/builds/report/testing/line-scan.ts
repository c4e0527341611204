/**
 * An independent reading of a text BuildReport for tests and the bench: a plain scan of the lines
 * with regular expressions, sharing no code with the reader under test. It sums `packedSize` per
 * GUID and per file, and reads m_Files and the summary's totalSize, so the tests compare SLATE's
 * figures against numbers computed a different way from the same YAML.
 */
export interface LineScan {
  summaryTotal: number
  files: Map<string, { role: string; size: number }>
  packedTotal: number
  objects: number
  /** guid (or path when the guid is all zeros) → summed packedSize */
  perAsset: Map<string, number>
  /** raw m_Files path → summed packedSize of the PackedAssets document pointing at it */
  perFile: Map<string, number>
}

export function lineScan(text: string): LineScan {
  const out: LineScan = { summaryTotal: 0, files: new Map(), packedTotal: 0, objects: 0, perAsset: new Map(), perFile: new Map() }
  const idToPath = new Map<string, string>()
  const packedByFileId = new Map<string, number>()
  let doc = ''
  let section = ''
  let filePath = ''
  let fileRole = ''
  let fileId = ''
  let currentFileId = ''
  let size = 0
  let guid = ''
  const flushEntry = (pathValue: string) => {
    const key = /^0+$/.test(guid) ? `path:${pathValue}` : guid
    out.perAsset.set(key, (out.perAsset.get(key) ?? 0) + size)
    packedByFileId.set(currentFileId, (packedByFileId.get(currentFileId) ?? 0) + size)
    out.packedTotal += size
    out.objects++
  }
  for (const line of text.split(/\r?\n/)) {
    const header = /^--- !u!(\d+) /.exec(line)
    if (header) {
      doc = header[1]
      section = ''
      continue
    }
    if (doc === '1125') {
      const top = /^ {2}(m_\w+):/.exec(line)
      if (top) section = top[1]
      let m
      if (section === 'm_Summary' && (m = /^ {4}totalSize: (\d+)/.exec(line))) out.summaryTotal = Number(m[1])
      if (section === 'm_Files') {
        if ((m = /^ {2}- path: (.*)$/.exec(line))) filePath = m[1]
        else if ((m = /^ {4}role: (.*)$/.exec(line))) fileRole = m[1]
        else if ((m = /^ {4}id: (\d+)/.exec(line))) fileId = m[1]
        else if ((m = /^ {4}totalSize: (\d+)/.exec(line))) {
          out.files.set(filePath, { role: fileRole, size: Number(m[1]) })
          idToPath.set(fileId, filePath)
        }
      }
    } else if (doc === '1126') {
      let m
      if ((m = /^ {2}m_File: (\d+)/.exec(line))) currentFileId = m[1]
      else if ((m = /^ {4}packedSize: (\d+)/.exec(line))) size = Number(m[1])
      else if ((m = /^ {4}sourceAssetGUID: ([0-9a-f]{32})/.exec(line))) guid = m[1]
      else if ((m = /^ {4}buildTimeAssetPath: ?(.*)$/.exec(line))) {
        let p = m[1]
        if (p.startsWith("'")) p = p.slice(1, -1).replace(/''/g, "'")
        flushEntry(p)
      }
    }
  }
  for (const [id, sum] of packedByFileId) out.perFile.set(idToPath.get(id) ?? id, sum)
  return out
}
