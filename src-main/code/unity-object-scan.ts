/**
 * A line scanner over a text-serialized Unity file (scene, prefab, asset) that finds the objects
 * of one script (MonoBehaviour documents whose m_Script names its GUID), the fields they
 * serialize, and every UnityEvent persistent call (m_PersistentCalls → m_Calls → m_MethodName).
 * It reads lines, not a YAML tree: a 12 MB prefab is scanned in one pass with no DOM, and every
 * pattern is anchored and linear.
 */
export interface ScannedObject {
  fileId: string
  classId: string
  /** GUID in m_Script (MonoBehaviour / ScriptableObject documents). */
  scriptGuid: string | null
  gameObjectId: string | null
  /** Top-level serialized fields of the object, Unity's own m_ bookkeeping left out. */
  fields: Record<string, string>
  calls: PersistentCall[]
  /** stripped documents point at their source object in another file. */
  source: { fileId: string; guid: string } | null
}

export interface PersistentCall {
  /** The object field holding the event (m_OnClick, onValueChanged…). */
  event: string
  targetFileId: string
  targetGuid: string | null
  targetTypeName: string | null
  method: string
  /** 1-based position of the method name after `m_MethodName: `, so a reference list can open it. */
  line: number
  column: number
}

export interface ScannedFile {
  objects: Map<string, ScannedObject>
  gameObjectNames: Map<string, string>
  /**
   * A persistent call's method set as a prefab-instance override (m_Modifications: `propertyPath:
   * …m_PersistentCalls.m_Calls.Array.data[N].m_MethodName`, then `value:`). Its target lives in
   * another override or in the source prefab, so it is matched by name only.
   */
  methodOverrides: { method: string; line: number; column: number }[]
}

const HEADER = /^--- !u!(\d+) &(-?\d+)( stripped)?/
const FIELD = /^ {2}([A-Za-z_][\w]*):(?: (.*))?$/
const SCRIPT = /guid: ([0-9a-fA-F]{32})/
const FILE_ID = /fileID: (-?\d+)/
/** Unity's bookkeeping fields of every MonoBehaviour: not the script's own data. */
const BOOKKEEPING = new Set([
  'm_ObjectHideFlags', 'm_CorrespondingSourceObject', 'm_PrefabInstance', 'm_PrefabAsset', 'm_GameObject', 'm_Enabled',
  'm_EditorHideFlags', 'm_Script', 'm_Name', 'm_EditorClassIdentifier', 'm_PrefabParentObject', 'm_PrefabInternal',
])
const MAX_VALUE = 120
const OVERRIDDEN_METHOD = /^\s*propertyPath: \S*m_PersistentCalls\.m_Calls\.Array\.data\[\d+\]\.m_MethodName\s*$/

export function scanUnityObjects(text: string): ScannedFile {
  const objects = new Map<string, ScannedObject>()
  const gameObjectNames = new Map<string, string>()
  const methodOverrides: ScannedFile['methodOverrides'] = []
  let overrideNext = false
  let cur: ScannedObject | null = null
  let field: string | null = null
  let multiline = 0
  let pendingTarget: { fileId: string; guid: string | null } | null = null
  let pendingType: string | null = null
  let start = 0
  let lineNo = 0
  const n = text.length
  while (start < n) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = n
    let line = text.slice(start, end)
    start = end + 1
    lineNo++
    if (overrideNext) {
      overrideNext = false
      const v = /^(\s*value: )(\S+)\s*$/.exec(line)
      if (v) methodOverrides.push({ method: v[2], line: lineNo, column: v[1].length + 1 })
    }
    if (line.includes('m_MethodName') && OVERRIDDEN_METHOD.test(line)) overrideNext = true
    if (line.endsWith('\r')) line = line.slice(0, -1)
    if (line.startsWith('---')) {
      const h = HEADER.exec(line)
      cur = h ? { fileId: h[2], classId: h[1], scriptGuid: null, gameObjectId: null, fields: {}, calls: [], source: null } : null
      if (cur) objects.set(cur.fileId, cur)
      field = null
      continue
    }
    if (!cur) continue
    const f = FIELD.exec(line)
    if (f) {
      finishMultiline(cur, field, multiline)
      field = f[1]
      multiline = 0
      const value = f[2] ?? ''
      if (field === 'm_Script') cur.scriptGuid = SCRIPT.exec(value)?.[1].toLowerCase() ?? null
      else if (field === 'm_GameObject') cur.gameObjectId = FILE_ID.exec(value)?.[1] ?? null
      else if (field === 'm_Name' && cur.classId === '1') gameObjectNames.set(cur.fileId, value.trim())
      else if (field === 'm_CorrespondingSourceObject' || field === 'm_PrefabParentObject') {
        const id = FILE_ID.exec(value)?.[1]
        const guid = SCRIPT.exec(value)?.[1]
        if (id && guid && id !== '0') cur.source = { fileId: id, guid: guid.toLowerCase() }
      }
      if (!BOOKKEEPING.has(field) && value !== '') cur.fields[field] = value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value
      continue
    }
    if (field === null || !(line.startsWith('   ') || line.startsWith('  - '))) continue
    multiline++
    // Inside a field's nested block: look for persistent calls.
    const trimmed = line.trimStart()
    const body = trimmed.startsWith('- ') ? trimmed.slice(2) : trimmed
    if (body.startsWith('m_Target: ')) {
      const id = FILE_ID.exec(body)?.[1] ?? '0'
      const guid = SCRIPT.exec(body)?.[1]?.toLowerCase() ?? null
      pendingTarget = { fileId: id, guid }
      pendingType = null
    } else if (body.startsWith('m_TargetAssemblyTypeName:')) {
      const t = body.slice('m_TargetAssemblyTypeName:'.length).trim()
      pendingType = t ? t.split(',')[0].trim() : null
    } else if (body.startsWith('m_MethodName:') && pendingTarget) {
      const method = body.slice('m_MethodName:'.length).trim()
      if (method && pendingTarget.fileId !== '0') {
        const column = line.indexOf(method, line.indexOf('m_MethodName:') + 'm_MethodName:'.length) + 1
        cur.calls.push({ event: field, targetFileId: pendingTarget.fileId, targetGuid: pendingTarget.guid, targetTypeName: pendingType, method, line: lineNo, column })
      }
      pendingTarget = null
    }
  }
  if (cur) finishMultiline(cur, field, multiline)
  return { objects, gameObjectNames, methodOverrides }
}

/** A field whose value is a nested block shows as a short summary instead of its lines. */
function finishMultiline(obj: ScannedObject, field: string | null, lines: number): void {
  if (!field || lines === 0 || BOOKKEEPING.has(field) || field in obj.fields) return
  obj.fields[field] = `(${lines} line${lines === 1 ? '' : 's'})`
}
