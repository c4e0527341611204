import { ApiError } from '../../../src-shared/contract-kit'
import type { SlateCore } from '../../host/slate-core'
import { toProjectRelative } from '../../core/project-paths'
import { buildAssemblyGraph } from '../../code/assemblies'
import { hoverAt, renamePreview, withLineText } from '../../code/code-queries'
import { codeLenses, unityEventUsages, unityUsages } from '../../code/unity-usages'
import { unityEventReferences } from '../../code/symbol-usages'
import type { Handlers } from '../handler'
import type { codeCalls } from '../../../src-shared/contract-code'

type CodeCalls = keyof typeof codeCalls

/** A path from the renderer, confined to the project, in project-relative form. */
function rel(core: SlateCore, p: string): string {
  return toProjectRelative(core.requireProject().root, core.resolve(p))
}

async function code(core: SlateCore) {
  core.requireProject()
  return core.code.get()
}

export const codeHandlers: Handlers<CodeCalls> = {
  'code.status': async (core) => {
    await code(core)
    return core.code.status()
  },
  'code.definition': async (core, a) => (await code(core)).index.definition(rel(core, a.path), a.line - 1, a.column - 1),
  'code.references': async (core, a) => {
    const { index, project } = await code(core)
    const targets = index.targetsAt(rel(core, a.path), a.line - 1, a.column - 1)
    return [...withLineText(project, index.referencesOf(targets, a.includeDeclaration)), ...unityEventReferences(project, index, targets)]
  },
  'code.hover': async (core, a) => hoverAt((await code(core)).index, rel(core, a.path), a.line, a.column),
  'code.outline': async (core, a) => (await code(core)).index.outline(rel(core, a.path)),
  'code.symbols': async (core, a) => (await code(core)).index.workspaceSymbols(a.query, a.limit),
  'code.find': async (core, a) => (await code(core)).index.findDeclarations(a.symbol),
  'code.renamePreview': async (core, a) => {
    const { index, project } = await code(core)
    return renamePreview(project, index, rel(core, a.path), a.line, a.column, a.newName)
  },
  'code.lenses': async (core, a) => {
    const { index, project } = await code(core)
    return codeLenses(project, index, rel(core, a.path))
  },
  'code.unityUsages': async (core, a) => {
    const { index, project } = await code(core)
    return unityUsages(project, index, rel(core, a.path), a.fields)
  },
  'code.unityEvents': async (core, a) => {
    const { index, project } = await code(core)
    return unityEventUsages(project, index, rel(core, a.path), a.method)
  },
  'code.assemblies': async (core, a) => {
    const { project } = await code(core)
    const graph = buildAssemblyGraph(project)
    return { assemblies: graph.assemblies, assemblyOf: a.path ? graph.assemblyOf(rel(core, a.path)) : null }
  },
  'code.languageServer': async (core) => core.languageServer.status(),
  'code.sync': async (core, a) => {
    const lsp = core.languageServer
    const path = rel(core, a.path)
    const found = lsp.status() // looks on the PATH: once per call
    if (found.state === 'not-found') return found
    const st = await lsp.ensureStarted(core.requireProject().root)
    if (st.state === 'running') lsp.update(path, a.content)
    return st
  },
  'code.completion': async (core, a) => {
    const lsp = core.languageServer
    const st = await lsp.ensureStarted(core.requireProject().root)
    if (st.state !== 'running') return { items: [], server: null }
    try {
      return { items: await lsp.completion(rel(core, a.path), a.content, a.line, a.column), server: st.server }
    } catch (err) {
      throw new ApiError('unavailable', `The C# language server did not answer: ${(err as Error).message}`)
    }
  },
}
