import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Language, Parser } from 'web-tree-sitter'
import { extractSymbols, type FileSymbols } from './csharp-symbols'

/**
 * tree-sitter's C# grammar, compiled to WASM and shipped in the `tree-sitter-c-sharp` npm package,
 * run by `web-tree-sitter`. Where the WASM files live is resolved on the main thread (ESM, where
 * module resolution is reliable both from source and in a build) and handed to workers.
 */
export interface GrammarPaths {
  runtime: string
  csharp: string
}

export function grammarPaths(): GrammarPaths {
  const require = createRequire(import.meta.url)
  const runtime = require.resolve('web-tree-sitter/web-tree-sitter.wasm')
  const csharp = path.join(path.dirname(require.resolve('tree-sitter-c-sharp/package.json')), 'tree-sitter-c_sharp.wasm')
  return { runtime, csharp }
}

export class CSharpParser {
  private constructor(private readonly parser: Parser) {}

  static async load(paths: GrammarPaths): Promise<CSharpParser> {
    await Parser.init({ locateFile: () => paths.runtime })
    const language = await Language.load(fs.readFileSync(paths.csharp))
    const parser = new Parser()
    parser.setLanguage(language)
    return new CSharpParser(parser)
  }

  /** Symbols of one file. `errors` counts the syntax errors tree-sitter recovered from. */
  parse(source: string): { symbols: FileSymbols; errors: boolean } {
    const tree = this.parser.parse(source)
    if (!tree) return { symbols: { namespaces: [], usings: [], declarations: [], references: [] }, errors: true }
    try {
      return { symbols: extractSymbols(tree.rootNode, source), errors: tree.rootNode.hasError }
    } finally {
      tree.delete()
    }
  }
}
