import type { CodeReference, CodeSymbol, CodeSymbolKind } from '../../src-shared/types-code'
import type { Declaration, FileSymbols, Reference } from './csharp-symbols'

/** One parsed file as the index keeps it (and persists it). */
export interface IndexedFile {
  size: number
  mtimeMs: number
  errors: boolean
  symbols: FileSymbols
}

interface DeclAt {
  rel: string
  decl: Declaration
}
interface RefAt {
  rel: string
  ref: Reference
}

const TYPE_KINDS = new Set<CodeSymbolKind>(['class', 'struct', 'interface', 'enum', 'record', 'delegate'])
const MEMBER_KINDS = new Set<CodeSymbolKind>(['method', 'constructor', 'property', 'field', 'event', 'enumMember'])

/**
 * The C# symbol index of a project: declarations by name and every identifier use by name, so
 * "definition" and "references" are map lookups plus a resolution step that uses what the syntax
 * tells (the context of a use, the enclosing type and its bases, the usings, a receiver's declared
 * type). Without a compiler some uses stay ambiguous (`x.Name` where x's type is unknown); those
 * are kept as candidates of every member of that name rather than dropped.
 */
export class SymbolIndex {
  readonly files = new Map<string, IndexedFile>()
  private declsByName = new Map<string, DeclAt[]>()
  private refsByName = new Map<string, RefAt[]>()
  private dirty = true

  set(rel: string, file: IndexedFile): void {
    this.files.set(rel, file)
    this.dirty = true
  }

  delete(rel: string): boolean {
    const had = this.files.delete(rel)
    if (had) this.dirty = true
    return had
  }

  /** Rebuilt lazily after changes: one pass over all files is a few ms even at 5,000 scripts. */
  private maps(): void {
    if (!this.dirty) return
    const decls = new Map<string, DeclAt[]>()
    const refs = new Map<string, RefAt[]>()
    for (const [rel, f] of this.files) {
      for (const decl of f.symbols.declarations) push(decls, decl.name, { rel, decl })
      for (const ref of f.symbols.references) push(refs, ref.name, { rel, ref })
    }
    this.declsByName = decls
    this.refsByName = refs
    this.dirty = false
  }

  counts(): { files: number; declarations: number; references: number; parseErrors: number } {
    let declarations = 0
    let references = 0
    let parseErrors = 0
    for (const f of this.files.values()) {
      declarations += f.symbols.declarations.length
      references += f.symbols.references.length
      if (f.errors) parseErrors++
    }
    return { files: this.files.size, declarations, references, parseErrors }
  }

  /** Declarations named `name`, or matching a dotted full name ("Boat.Engine", "Engine.Update"). */
  findDeclarations(query: string): CodeSymbol[] {
    this.maps()
    const simple = query.slice(query.lastIndexOf('.') + 1)
    const qualifier = query.includes('.') ? query.slice(0, query.lastIndexOf('.')) : null
    const all = this.declsByName.get(simple) ?? []
    const hits = all.filter(({ decl }) => decl.kind !== 'namespace' && (qualifier === null || `.${decl.container}`.endsWith(`.${qualifier}`)))
    return sortSymbols(hits.map(toSymbol))
  }

  /** Types and members whose name contains the query (case-insensitive), best matches first. */
  workspaceSymbols(query: string, limit = 200): CodeSymbol[] {
    this.maps()
    const q = query.toLowerCase()
    const scored: { s: number; d: DeclAt }[] = []
    for (const [name, list] of this.declsByName) {
      const n = name.toLowerCase()
      const at = q ? n.indexOf(q) : 0
      if (at < 0) continue
      const score = (n === q ? 0 : at === 0 ? 1 : 2) * 1000 + n.length
      for (const d of list) if (d.decl.kind !== 'namespace') scored.push({ s: score + (TYPE_KINDS.has(d.decl.kind) ? 0 : 100), d })
    }
    scored.sort((a, b) => a.s - b.s || a.d.rel.localeCompare(b.d.rel) || a.d.decl.line - b.d.decl.line)
    return scored.slice(0, limit).map((x) => toSymbol(x.d))
  }

  outline(rel: string): CodeSymbol[] {
    const f = this.files.get(rel)
    return f ? f.symbols.declarations.map((decl) => toSymbol({ rel, decl })) : []
  }

  /** The declaration or use under a 0-based position of a file. */
  at(rel: string, line: number, column: number): { decl: Declaration | null; ref: Reference | null } {
    const f = this.files.get(rel)
    if (!f) return { decl: null, ref: null }
    const covers = (l: number, c: number, name: string) => l === line && column >= c && column <= c + name.length
    const decl = f.symbols.declarations.find((d) => d.kind !== 'namespace' && covers(d.line, d.column, d.name)) ?? null
    const ref = decl ? null : (f.symbols.references.find((r) => covers(r.line, r.column, r.name)) ?? null)
    return { decl, ref }
  }

  /** Where the symbol under a position is declared. */
  definition(rel: string, line: number, column: number): CodeSymbol[] {
    const { decl, ref } = this.at(rel, line, column)
    if (decl) return [toSymbol({ rel, decl })]
    if (!ref) return []
    return sortSymbols(this.resolve(rel, ref).map(toSymbol))
  }

  /** The declaration(s) the name under a 0-based position stands for: itself, or what a use resolves to. */
  targetsAt(rel: string, line: number, column: number): DeclAt[] {
    const { decl, ref } = this.at(rel, line, column)
    return decl ? [{ rel, decl }] : ref ? this.resolve(rel, ref) : []
  }

  /** Every use of the symbol under a position, its declaration(s) first. */
  references(rel: string, line: number, column: number, includeDeclaration = true): CodeReference[] {
    return this.referencesOf(this.targetsAt(rel, line, column), includeDeclaration)
  }

  referencesOf(targets: DeclAt[], includeDeclaration = true): CodeReference[] {
    this.maps()
    if (targets.length === 0) return []
    const name = targets[0].decl.name
    const out: CodeReference[] = []
    if (includeDeclaration) for (const t of targets) out.push({ path: t.rel, line: t.decl.line + 1, column: t.decl.column + 1, text: '', declaration: true })
    const isTarget = (d: DeclAt) => targets.some((t) => t.rel === d.rel && t.decl.line === d.decl.line && t.decl.column === d.decl.column)
    for (const r of this.refsByName.get(name) ?? []) {
      if (this.resolve(r.rel, r.ref).some(isTarget)) out.push({ path: r.rel, line: r.ref.line + 1, column: r.ref.column + 1, text: '', declaration: false })
    }
    return out
  }

  /** Declarations a use can refer to, narrowed by everything the syntax says. */
  resolve(rel: string, ref: Reference): DeclAt[] {
    this.maps()
    const candidates = (this.declsByName.get(ref.name) ?? []).filter((d) => d.decl.kind !== 'namespace')
    if (candidates.length === 0) return []
    const types = sameArity(candidates.filter((d) => TYPE_KINDS.has(d.decl.kind)), ref.arity ?? 0)
    const members = candidates.filter((d) => MEMBER_KINDS.has(d.decl.kind))
    if (ref.context === 'type') return this.visibleTypes(rel, types)
    if (ref.context === 'member') {
      if (ref.receiverType) {
        const inChain = this.membersInChain(members, ref.receiverType)
        if (inChain.length > 0) return inChain
      }
      return members
    }
    // Unqualified: a member of the enclosing type (or its bases) wins, then a visible type.
    if (ref.inType) {
      const own = this.membersInChain(members, ref.inType.slice(ref.inType.lastIndexOf('.') + 1))
      if (own.length > 0) return own
    }
    const visible = this.visibleTypes(rel, types)
    if (visible.length > 0) return visible
    return members.length > 0 && ref.inType ? [] : candidates
  }

  /** Members declared in `typeName` or any of its bases (by simple name, as written). */
  private membersInChain(members: DeclAt[], typeName: string): DeclAt[] {
    const chain = this.baseChain(typeName)
    return members.filter((m) => chain.has(m.decl.container.slice(m.decl.container.lastIndexOf('.') + 1)))
  }

  private baseChain(typeName: string): Set<string> {
    const seen = new Set<string>()
    const queue = [typeName]
    while (queue.length > 0 && seen.size < 64) {
      const t = queue.shift()!
      if (seen.has(t)) continue
      seen.add(t)
      for (const d of this.declsByName.get(t) ?? []) {
        if (TYPE_KINDS.has(d.decl.kind)) for (const b of d.decl.bases) queue.push(b.replace(/<.*$/s, '').slice(b.lastIndexOf('.') + 1))
      }
    }
    return seen
  }

  /** Types a file can see by simple name: its own namespaces (and their parents) and its usings. */
  private visibleTypes(rel: string, types: DeclAt[]): DeclAt[] {
    if (types.length <= 1) return types
    const f = this.files.get(rel)
    if (!f) return types
    const open = new Set<string>([''])
    for (const ns of f.symbols.namespaces) {
      const parts = ns.split('.')
      for (let i = 1; i <= parts.length; i++) open.add(parts.slice(0, i).join('.'))
    }
    for (const u of f.symbols.usings) open.add(u)
    // Nested types count as visible from their namespace: the syntax alone cannot tell whether a
    // use is qualified by its outer type.
    const visible = types.filter((t) => open.has(t.decl.container) || [...open].some((o) => o !== '' && t.decl.container.startsWith(`${o}.`)))
    return visible.length > 0 ? visible : types
  }

  /** The declaration of a type by simple or full name (for Unity usages of a class). */
  typeDeclarations(name: string): DeclAt[] {
    this.maps()
    const simple = name.slice(name.lastIndexOf('.') + 1)
    return (this.declsByName.get(simple) ?? []).filter((d) => TYPE_KINDS.has(d.decl.kind) && (name === simple || `${d.decl.container}.${d.decl.name}`.endsWith(name)))
  }

  /** Whether a type derives (by name, through the project's own types) from one of `bases`. */
  derivesFrom(typeName: string, bases: Set<string>): boolean {
    for (const t of this.baseChain(typeName)) if (bases.has(t)) return true
    return false
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k)
  if (list) list.push(v)
  else m.set(k, [v])
}

export function toSymbol({ rel, decl }: DeclAt): CodeSymbol {
  return {
    path: rel,
    line: decl.line + 1,
    column: decl.column + 1,
    endLine: decl.endLine + 1,
    name: decl.name,
    kind: decl.kind,
    container: decl.container,
    fullName: decl.container ? `${decl.container}.${decl.name}` : decl.name,
    signature: decl.signature,
    doc: decl.doc,
    unityMessage: decl.unityMessage,
  }
}

/**
 * `Box` and `Box<T>` are different types: a use with n type arguments means the declaration
 * with n type parameters, when there is one (else all, rather than nothing: the generic may be
 * declared where the index cannot see, and an ambiguous answer beats none).
 */
function sameArity(types: DeclAt[], arity: number): DeclAt[] {
  const same = types.filter((t) => (t.decl.arity ?? 0) === arity)
  return same.length > 0 ? same : types
}

function sortSymbols(list: CodeSymbol[]): CodeSymbol[] {
  return list.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line)
}

export type { DeclAt }
