/** Plain types of the C# intelligence calls (src-shared/contract-code.ts, src-main/code). */

export type CodeSymbolKind =
  | 'namespace'
  | 'class'
  | 'struct'
  | 'interface'
  | 'enum'
  | 'record'
  | 'delegate'
  | 'method'
  | 'constructor'
  | 'property'
  | 'field'
  | 'event'
  | 'enumMember'

/** A place in a file of the project; line and column are 1-based, as editors show them. */
export interface CodeLocation {
  path: string
  line: number
  column: number
}

export interface CodeSymbol extends CodeLocation {
  name: string
  kind: CodeSymbolKind
  /** Enclosing namespace and types, dotted; '' at the top level. */
  container: string
  /** container + name. */
  fullName: string
  endLine: number
  signature: string
  doc: string
  /** A Unity message (Update, Awake, OnTriggerEnter…): Unity calls it by name. */
  unityMessage: boolean
}

export interface CodeReference extends CodeLocation {
  /** The whole line, trimmed to 200 characters, for a result list. */
  text: string
  /** The reference is the declaration itself. */
  declaration: boolean
  /** Set when the use is a UnityEvent in a scene or prefab (m_MethodName) wired to the method. */
  unityEvent?: { event: string; gameObject: string | null; /** a prefab override naming the method; its target is not checked */ override?: true }
}

/** An asset that uses a script: a scene, prefab or other asset with a component or object of it. */
export interface UnityScriptUsage {
  path: string
  /** Unity asset type of the user (Scene, Prefab, ScriptableObject…). */
  kind: string
  /** One entry per component/object of the script in that asset, with the fields it serializes. */
  objects: { gameObject: string | null; fileId: string; fields: Record<string, string> }[]
}

/** A UnityEvent in a scene or prefab wired to a method (m_PersistentCalls). */
export interface UnityEventUsage {
  path: string
  gameObject: string | null
  /** The serialized field holding the event, e.g. "m_OnClick" or "onValueChanged". */
  event: string
  method: string
  /** The type named by m_TargetAssemblyTypeName when Unity wrote one (2020.1+), else the script's class. */
  targetType: string | null
  /** 1-based position of the method name in the scene or prefab file. */
  line: number
  column: number
}

export interface UnityUsagesResult {
  script: { path: string; guid: string; className: string | null } | null
  usages: UnityScriptUsage[]
  /** Set when the script has no .meta or the class is not a Unity object. */
  note: string | null
}

export interface CodeLens {
  line: number
  className: string
  /** Number of scenes, prefabs and assets using the script. */
  count: number
  byKind: Record<string, number>
}

export interface AssemblyInfo {
  name: string
  /** The .asmdef path, or null for Unity's predefined assemblies (Assembly-CSharp…). */
  definition: string | null
  references: string[]
  /** References that name no assembly of the project or its packages. */
  unresolved: string[]
  includePlatforms: string[]
  editorOnly: boolean
  files: number
}

export interface RenameEdit extends CodeLocation {
  length: number
  newText: string
}

export interface LanguageServerStatus {
  state: 'running' | 'not-found' | 'failed' | 'starting'
  server: string | null
  detail: string
}

/** A language server's diagnostic, 1-based like every position of the API. */
export interface CodeDiagnostic {
  line: number
  column: number
  endLine: number
  endColumn: number
  severity: 'error' | 'warning' | 'info' | 'hint'
  message: string
  code: string | null
  source: string | null
}

export interface CodeDiagnosticsEvent {
  path: string
  server: string
  diagnostics: CodeDiagnostic[]
}

export interface CodeIndexStatus {
  files: number
  declarations: number
  references: number
  ms: number
  fromCache: boolean
  parseErrors: number
}
