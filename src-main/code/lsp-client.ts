import { spawn, type ChildProcess } from 'node:child_process'
import { PassThrough } from 'node:stream'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node'
import type { CodeDiagnostic, CodeDiagnosticsEvent, LanguageServerStatus } from '../../src-shared/types-code'
import { isInsideRoot } from '../core/confined-fs'
import { toProjectRelative } from '../core/project-paths'

/**
 * A client of a real language server over stdio (LSP, framed and typed by Microsoft's
 * vscode-languageserver-protocol). SLATE's own index answers definitions, references and the
 * Unity-aware questions; a C# language server, when the user has one, adds what needs a compiler:
 * completion and diagnostics. Found as `SLATE_CSHARP_LS` (a command line), else `csharp-ls` or
 * OmniSharp on the PATH. Nothing is downloaded.
 */
export interface ServerCommand {
  name: string
  command: string
  args: string[]
  /** Sent in `initialize`: what a configurable server (e.g. a general-purpose linter server) needs. */
  initializationOptions?: unknown
}

const RETRY_MS = 30_000

const HOW_TO_GET_ONE =
  'No C# language server found. Install csharp-ls (`dotnet tool install --global csharp-ls`) or OmniSharp and put it on the PATH, or set SLATE_CSHARP_LS to its command line. Go to definition, references and Unity usages work without one.'

export function findCSharpServer(env: NodeJS.ProcessEnv = process.env): ServerCommand | null {
  const configured = env.SLATE_CSHARP_LS?.trim()
  if (configured) {
    const [command, ...args] = configured.split(/\s+/)
    const init = env.SLATE_CSHARP_LS_INIT?.trim()
    return { name: path.basename(command), command, args, ...(init ? { initializationOptions: readInitOptions(init) } : {}) }
  }
  for (const [name, args] of [
    ['csharp-ls', []],
    ['OmniSharp', ['-lsp']],
    ['omnisharp', ['-lsp']],
  ] as const) {
    const found = onPath(name, env)
    if (found) return { name, command: found, args: [...args] }
  }
  return null
}

/** SLATE_CSHARP_LS_INIT: a JSON file with the server's initializationOptions. A bad file is said at start. */
function readInitOptions(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    return { slateError: `SLATE_CSHARP_LS_INIT (${file}) is not a readable JSON file: ${(err as Error).message}` }
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const candidate = path.join(dir, name)
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      if (fs.statSync(candidate).isFile()) return candidate
    } catch {
      // not here
    }
  }
  return null
}

export class LanguageServerClient {
  private child: ChildProcess | null = null
  private connection: ProtocolConnection | null = null
  private state: LanguageServerStatus = { state: 'not-found', server: null, detail: HOW_TO_GET_ONE }
  private starting: Promise<LanguageServerStatus> | null = null
  private root: string | null = null
  private failed: { root: string; at: number } | null = null
  private readonly versions = new Map<string, number>()
  readonly diagnostics = new Map<string, Diagnostic[]>()
  private readonly diagnosticListeners = new Set<(uri: string, diagnostics: Diagnostic[]) => void>()

  constructor(
    private readonly find: () => ServerCommand | null = () => findCSharpServer(),
    private readonly languageId = 'csharp',
  ) {}

  status(): LanguageServerStatus {
    if (this.state.state === 'not-found' && !this.child) {
      const server = this.find()
      if (server) return { state: 'starting', server: server.name, detail: `${server.name} found at ${server.command}; it starts when a script is opened` }
    }
    return this.state
  }

  /** Starts the server for a project root once; a later root restarts it. */
  ensureStarted(root: string): Promise<LanguageServerStatus> {
    if (this.connection && this.root === root) return Promise.resolve(this.state)
    if (this.starting) return this.starting
    // A server that failed is not spawned again on every keystroke: once per RETRY_MS per root.
    if (this.state.state === 'failed' && this.failed?.root === root && Date.now() - this.failed.at < RETRY_MS) return Promise.resolve(this.state)
    this.starting = this.start(root).finally(() => {
      this.starting = null
    })
    return this.starting
  }

  private async start(root: string): Promise<LanguageServerStatus> {
    await this.stop()
    const server = this.find()
    if (!server) return (this.state = { state: 'not-found', server: null, detail: HOW_TO_GET_ONE })
    const badInit = (server.initializationOptions as { slateError?: string } | undefined)?.slateError
    if (badInit) return (this.state = { state: 'failed', server: server.name, detail: badInit })
    this.state = { state: 'starting', server: server.name, detail: `starting ${server.command}` }
    try {
      const child = spawn(server.command, server.args, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: process.env })
      this.child = child
      child.stderr?.resume() // servers log to stderr; never let the pipe fill
      // A server that dies makes writes to its stdin fail: that is reported through `exited`.
      child.stdin?.on('error', () => undefined)
      const exited = new Promise<never>((_, reject) => {
        child.once('error', reject)
        child.once('exit', (code) => reject(new Error(`${server.name} exited with code ${code}`)))
      })
      exited.catch(() => undefined)
      // The writer writes to a pass-through piped into the server's stdin, never to stdin itself: a
      // server that exits makes writes to its stdin fail asynchronously inside the JSON-RPC
      // library (unhandled), while a pass-through only stops being drained.
      const toServer = new PassThrough()
      toServer.pipe(child.stdin!)
      const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(toServer))
      connection.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => {
        this.diagnostics.set(p.uri, p.diagnostics)
        for (const l of this.diagnosticListeners) l(p.uri, p.diagnostics)
      })
      connection.listen()
      this.connection = connection
      this.root = root
      const init = connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
        capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } }, publishDiagnostics: {} } },
        initializationOptions: server.initializationOptions,
      })
      init.catch(() => undefined)
      await Promise.race([init, exited, timeout(30_000, `${server.name} did not answer initialize in 30 s`)])
      void connection.sendNotification(InitializedNotification.type, {})
      child.once('exit', (code) => {
        if (this.child !== child) return // stopped on purpose
        this.connection = null
        this.child = null
        this.failed = { root, at: Date.now() }
        this.state = { state: 'failed', server: server.name, detail: `${server.name} stopped (exit code ${code})` }
      })
      return (this.state = { state: 'running', server: server.name, detail: `${server.name} (${server.command})` })
    } catch (err) {
      await this.stop()
      this.failed = { root, at: Date.now() }
      return (this.state = { state: 'failed', server: server.name, detail: `${server.name} could not start: ${(err as Error).message}` })
    }
  }

  /** Diagnostics as the server publishes them (file URI, the whole current list for it). */
  onDiagnostics(listener: (uri: string, diagnostics: Diagnostic[]) => void): () => void {
    this.diagnosticListeners.add(listener)
    return () => this.diagnosticListeners.delete(listener)
  }

  /**
   * Diagnostics of the project's files in the API's terms: a project-relative path and 1-based
   * positions. A server may publish for files outside the project (a referenced package it
   * loaded): those are dropped, never sent to a client as a path.
   */
  onFileDiagnostics(listener: (e: CodeDiagnosticsEvent) => void): () => void {
    return this.onDiagnostics((uri, diagnostics) => {
      const rel = this.root ? projectRelative(this.root, uri) : null
      if (rel) listener({ path: rel, server: this.state.server ?? 'language server', diagnostics: diagnostics.slice(0, 1000).map(toCodeDiagnostic) })
    })
  }

  /** Tell the server a file's current text (diagnostics follow as the server publishes them). */
  update(rel: string, content: string): void {
    if (!this.connection || !this.root) return
    this.sync(this.connection, pathToFileURL(path.join(this.root, rel)).href, content)
  }

  /** Completion at a 1-based position of a file whose current text is `content`. */
  async completion(rel: string, content: string, line: number, column: number): Promise<{ label: string; kind: number; detail?: string; insertText?: string }[]> {
    const connection = this.connection
    if (!connection || !this.root) return []
    const uri = pathToFileURL(path.join(this.root, rel)).href
    this.sync(connection, uri, content)
    const result = (await Promise.race([
      connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: line - 1, character: column - 1 } }),
      timeout(10_000, 'no completion answer in 10 s'),
    ])) as CompletionItem[] | CompletionList | null
    const items = Array.isArray(result) ? result : (result?.items ?? [])
    return items.slice(0, 500).map((i) => ({ label: i.label, kind: i.kind ?? 1, detail: i.detail, insertText: typeof i.insertText === 'string' ? i.insertText : undefined }))
  }

  /** Full-text sync: the simplest kind every server supports. */
  private sync(connection: ProtocolConnection, uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 0) + 1
    this.versions.set(uri, version)
    if (version === 1) void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: this.languageId, version, text } })
    else void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] })
  }

  async stop(): Promise<void> {
    const connection = this.connection
    const child = this.child
    this.connection = null
    this.child = null
    this.root = null
    this.versions.clear()
    // status() looks for a server again (the next sync starts it)
    if (this.state.state === 'running' || this.state.state === 'starting') this.state = { state: 'not-found', server: null, detail: HOW_TO_GET_ONE }
    if (connection && child && child.exitCode === null && !child.stdin?.destroyed) {
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), timeout(2000, 'shutdown')])
        void connection.sendNotification(ExitNotification.type)
      } catch {
        // a server that does not shut down politely is killed below
      }
    }
    connection?.dispose()
    if (child && child.exitCode === null) child.kill()
  }
}

function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref())
}

function projectRelative(root: string, uri: string): string | null {
  let file: string
  try {
    file = fileURLToPath(uri)
  } catch {
    return null // not a file: URI
  }
  return file !== root && isInsideRoot(root, file) ? toProjectRelative(root, file) : null
}

const SEVERITY: Record<number, CodeDiagnostic['severity']> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' }

function toCodeDiagnostic(d: Diagnostic): CodeDiagnostic {
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? 1] ?? 'error',
    message: (typeof d.message === 'string' ? d.message : String(d.message)).slice(0, 2000),
    code: d.code === undefined || d.code === null ? null : String(d.code),
    source: d.source ?? null,
  }
}
