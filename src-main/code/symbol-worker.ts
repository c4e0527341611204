import { parentPort, workerData } from 'node:worker_threads'
import { CSharpParser, type GrammarPaths } from './csharp-parser'
import { readProjectText, readTextAt } from './read-source'
import type { IndexedFile } from './symbol-index'

/**
 * Worker side of the C# symbol index: reads and parses the scripts it is sent (tree-sitter in
 * WASM) and posts their symbols back. No shared state; the main thread merges the replies.
 */
export interface ParseRequest {
  id: number
  root: string
  /** abs: where the file is when it is not below root (a package outside the project: Library/PackageCache, a local file: package) */
  files: { rel: string; size: number; mtimeMs: number; abs?: string }[]
}
export interface ParseReply {
  id: number
  files: [string, IndexedFile][]
  error?: string
}

const paths = (workerData as { grammar: GrammarPaths }).grammar
const parserReady = CSharpParser.load(paths)

parentPort?.on('message', (req: ParseRequest) => {
  void parserReady.then(
    (parser) => {
      const files: [string, IndexedFile][] = []
      for (const f of req.files) {
        const text = f.abs ? readTextAt(f.abs) : readProjectText(req.root, f.rel)
        if (text === null) continue
        const { symbols, errors } = parser.parse(text)
        files.push([f.rel, { size: f.size, mtimeMs: f.mtimeMs, errors, symbols }])
      }
      parentPort!.postMessage({ id: req.id, files } satisfies ParseReply)
    },
    (err: Error) => parentPort!.postMessage({ id: req.id, files: [], error: err.message } satisfies ParseReply),
  )
})
