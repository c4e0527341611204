/** The Unity log parser: streaming, CRLF- and NUL-tolerant. Reused by builds and the console view. */
export { UnityLogParser, parseUnityLog, parseCompilerDiagnostic } from './unity-log-parser'
export { LineSplitter, MAX_LINE_LENGTH } from './line-splitter'
export type { LogEntry, LogLevel, LogEntryKind, LogTool, LineGroup, StackFrame, CompilerDiagnostic } from './types'
export { BuildLogSummarizer, summarizeEntries } from './build-summary'
export type { BuildLogSummary, BuildLogVerdict } from './build-summary'
