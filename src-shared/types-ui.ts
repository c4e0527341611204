import type { BuildLogSummary } from './types-logs'
import type { UnityAsset } from './types-unity'

/**
 * Result types of the calls behind the editor, console and asset browser views (files.*,
 * console.*, assets.thumbnail). Plain data only; paths are project-relative with forward slashes.
 */

export interface FileSnapshot {
  path: string
  content: string
  size: number
  mtimeMs: number
  /** sha256 of the bytes on disk; sent back on save to detect changes made behind the editor's back. */
  hash: string
  /** NUL bytes near the start: shown read-only. */
  binary: boolean
  /** How the file is written (kept on save): a UTF-8 BOM (not part of `content`), its line endings, a final newline. */
  bom?: boolean
  eol?: 'lf' | 'crlf' | 'mixed' | 'none'
  finalNewline?: boolean
}

export interface SaveResult {
  path: string
  size: number
  mtimeMs: number
  hash: string
}

export interface FileListResult {
  files: string[]
  truncated: boolean
  ms: number
}

export interface FindMatch {
  path: string
  /** 1-based */
  line: number
  /** 1-based, UTF-16 units (what Monaco uses) */
  column: number
  length: number
  /** The line, or a window of it for very long lines. */
  preview: string
  /** 0-based start of the match inside `preview`. */
  previewColumn: number
}

export interface FindResult {
  matches: FindMatch[]
  files: number
  truncated: boolean
  engine: 'ripgrep' | 'node'
  ms: number
}

// --- console -----------------------------------------------------------------------------------

export type ConsoleLevel = 'info' | 'warning' | 'error' | 'exception'
export type ConsoleSourceKind = 'project-file' | 'upload' | 'editor-log' | 'build' | 'link' | 'runtime'

export interface ConsoleSourceInfo {
  id: string
  kind: ConsoleSourceKind
  /** What the user sees: the file name, "Editor.log", "Build #12". */
  label: string
  /** Where it comes from, when that is a file (absolute for Editor.log, project-relative otherwise). */
  location: string | null
  /** Tailing a growing file (Editor.log). */
  live: boolean
  lines: number
  entries: number
  bytes: number
  /** Set when the source could not be read (Editor.log missing…), with what to do next. */
  problem: string | null
  /** Live link sources: lines Unity dropped from its bounded log queue (a flood), so far. */
  dropped?: number
  /** How the build in this log went, as the log says (verdict `unknown` when it does not). */
  summary?: BuildLogSummary
}

export interface ConsoleFrame {
  text: string
  file?: string
  line?: number
}

export interface ConsoleRow {
  seq: number
  level: ConsoleLevel
  kind: 'plain' | 'script' | 'compiler' | 'exception' | 'tool' | 'group'
  /** `tool` rows: Gradle, aapt/d8/R8 (android), IL2CPP, Bee, Burst, Xcode, .NET, the JVM, licensing. */
  tool?: string
  /** Log lines the entry spans (a grouped run of progress or timing lines, a tool's block). */
  lines?: number
  /** First line of the message (or the line that says what a block is about), trimmed for the list. */
  title: string
  /** The whole message (may be several lines). */
  message: string
  stack: ConsoleFrame[]
  file?: string
  line?: number
  column?: number
  /** `CS0246` for compiler diagnostics. */
  code?: string
  /** Line in the log where the entry starts. */
  firstLine: number
  /** With collapse on: how many identical entries this row stands for. */
  count: number
}

export interface ConsoleCounts {
  info: number
  warning: number
  error: number
  exception: number
}

export interface ConsoleFilter {
  levels: ConsoleLevel[]
  search: string
  collapse: boolean
}

export interface ConsoleQueryResult {
  sourceId: string
  /** Rows matching the filter. */
  total: number
  /** Entries per level in the whole source (the toggle counts, as in Unity's Console). */
  counts: ConsoleCounts
  offset: number
  rows: ConsoleRow[]
  ms: number
}

export interface ConsoleAppended {
  sourceId: string
  entries: number
  lines: number
  live: boolean
  problem: string | null
  summary?: BuildLogSummary
  /** live link sources: log lines Unity dropped so far */
  dropped?: number
}

// --- assets (UI side) ------------------------------------------------------------------------------

export interface Thumbnail {
  path: string
  /** `data:image/png;base64,…`, or null with `reason` when no picture can be made. */
  dataUrl: string | null
  width: number | null
  height: number | null
  format: string | null
  /** Why there is no picture: "Git LFS pointer: run git lfs pull", "TGA is not decoded", … */
  reason: string | null
  cached: boolean
}

export interface AssetListItem extends UnityAsset {
  /** Problem kinds for this asset: `lfs-pointer`, `orphan-meta`, `unresolved-reference`, … */
  problems: string[]
}

export interface AssetListResult {
  total: number
  offset: number
  items: AssetListItem[]
  ms: number
}

export interface AssetFolder {
  path: string
  name: string
  parent: string
  /** Assets (not folders) anywhere below it. */
  assets: number
  /** A package read from outside the project (registry cache, local, the Editor): shown, never edited. */
  readOnly?: boolean
}
