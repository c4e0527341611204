/**
 * The class ID of a text-serialized asset's main object. Native assets put their main object at
 * the fixed local file ID `classID × 100000` (a Material at &2100000, an AnimatorController at
 * &9100000, a ScriptableObject at &11400000); the other documents are sub-assets, and one of them
 * often comes first (a TextMesh Pro font asset starts with its Material, a controller with its
 * clips). So: the first document whose file ID is its class ID followed by five zeros, else the
 * first document. Scenes and prefabs have no such main object: callers give the first document.
 */
const DOC_MARK = Buffer.from('--- !u!', 'latin1')

export function mainClassId(buf: Buffer): string | null {
  let first: string | null = null
  for (let at = buf.indexOf(DOC_MARK); at >= 0; at = buf.indexOf(DOC_MARK, at + 7)) {
    if (at > 0 && buf[at - 1] !== 10) continue
    let k = at + 7
    const clsStart = k
    while (buf[k] >= 48 && buf[k] <= 57) k++
    if (k === clsStart || buf[k] !== 32 || buf[k + 1] !== 38) continue // "<cls> &"
    const cls = buf.toString('latin1', clsStart, k)
    first ??= cls
    k += 2
    const idStart = k
    while (buf[k] >= 48 && buf[k] <= 57) k++
    const idLen = k - idStart
    if (idLen === cls.length + 5 && buf.toString('latin1', idStart, idStart + cls.length) === cls && buf.toString('latin1', idStart + cls.length, k) === '00000') return cls
  }
  return first
}
