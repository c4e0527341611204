import type { Node } from 'web-tree-sitter'
import type { CodeSymbolKind } from '../../src-shared/types-code'
import { isUnityMessage } from './unity-messages'

/**
 * What one C# file declares and uses, read from tree-sitter's syntax tree. Identifiers inside
 * comments and string literals are not `identifier` nodes, so a reference list built from the tree
 * is symbol-aware by construction (grep is not). Positions are 0-based rows and UTF-16 columns,
 * which is what web-tree-sitter reports for JavaScript strings and what Monaco counts in.
 */
export interface Declaration {
  name: string
  kind: CodeSymbolKind
  /** Dotted names of the enclosing namespace and types ("Boat.Engine"), '' at the top level. */
  container: string
  line: number
  column: number
  endLine: number
  /** The declaration's header as written, without its body (one line, trimmed). */
  signature: string
  /** The `///` doc comment's text, XML tags removed. */
  doc: string
  /** Base types and interfaces as written (class/struct/interface/record only). */
  bases: string[]
  /** A Unity message method (Update, OnTriggerEnter…) of a class. */
  unityMessage: boolean
  /** Type of a field, property or event as written (for member lookups through it). */
  valueType: string | null
  /** Type parameters of a type (`Box<T>` 1, `Box` 0): `Box` and `Box<T>` are different types. */
  arity?: number
}

/**
 * How an identifier is used where it appears; decides which declarations it can refer to:
 * `type` a type position, `member` after a dot (`x.Name`), `name` unqualified (a member of the
 * enclosing type, a type, or something we cannot see).
 */
export type RefContext = 'type' | 'member' | 'name'

export interface Reference {
  name: string
  context: RefContext
  line: number
  column: number
  /** Dotted name of the innermost enclosing type (namespaces included), '' outside any type. */
  inType: string
  /**
   * For `member`: the receiver's type when the file tells it (a local, parameter or field with a
   * declared type, `new T()`, or `this`/`base`); null when it cannot be known without a compiler.
   */
  receiverType: string | null
  /** Type arguments written after the name (`Box<int>` 1, `typeof(Map<,>)` 2, `Box` 0). */
  arity?: number
}

export interface FileSymbols {
  namespaces: string[]
  usings: string[]
  declarations: Declaration[]
  references: Reference[]
}

const TYPE_KINDS: Record<string, CodeSymbolKind> = {
  class_declaration: 'class',
  struct_declaration: 'struct',
  interface_declaration: 'interface',
  enum_declaration: 'enum',
  record_declaration: 'record',
  record_struct_declaration: 'record',
  delegate_declaration: 'delegate',
}

const MEMBER_KINDS: Record<string, CodeSymbolKind> = {
  method_declaration: 'method',
  constructor_declaration: 'constructor',
  destructor_declaration: 'method',
  property_declaration: 'property',
  event_declaration: 'event',
  enum_member_declaration: 'enumMember',
  indexer_declaration: 'property',
  local_function_statement: 'method',
}

/** Parents under which an identifier names a type. */
const TYPE_PARENTS = new Set([
  'base_list',
  'type_argument_list',
  'object_creation_expression',
  'typeof_expression',
  'array_type',
  'nullable_type',
  'pointer_type',
  'attribute',
  'type_parameter_constraint',
  'type_constraint',
  'ref_type',
])

/** Declarations whose body opens a scope of locals and parameters. */
const SCOPES = new Set([
  'method_declaration',
  'constructor_declaration',
  'destructor_declaration',
  'local_function_statement',
  'lambda_expression',
  'anonymous_method_expression',
  'accessor_declaration',
  'operator_declaration',
  'conversion_operator_declaration',
  'indexer_declaration',
])

export function extractSymbols(root: Node, source: string): FileSymbols {
  const out: FileSymbols = { namespaces: [], usings: [], declarations: [], references: [] }
  const declNames = new Set<number>() // startIndex of identifiers that are declaration names
  collect(root, [], '', out, declNames, source)
  collectReferences(root, out, declNames)
  return out
}

function collect(node: Node, path: string[], typePath: string, out: FileSymbols, declNames: Set<number>, source: string): void {
  for (const child of node.namedChildren) {
    if (!child) continue
    const t = child.type
    if (t === 'using_directive') {
      const name = child.namedChildren.find((c) => c && (c.type === 'qualified_name' || c.type === 'identifier'))
      if (name) out.usings.push(name.text)
      continue
    }
    if (t === 'namespace_declaration' || t === 'file_scoped_namespace_declaration') {
      const nameNode = child.childForFieldName('name')
      const name = nameNode?.text ?? ''
      const full = [...path, name].filter(Boolean).join('.')
      if (nameNode) {
        out.namespaces.push(full)
        markNames(nameNode, declNames)
        out.declarations.push(declaration(child, nameNode, name, 'namespace', path.join('.'), source, []))
      }
      const body = child.childForFieldName('body')
      // A file-scoped namespace covers the rest of the file: its members are its siblings' children.
      collect(body ?? child, [...path, ...name.split('.')], typePath, out, declNames, source)
      continue
    }
    const typeKind = TYPE_KINDS[t]
    if (typeKind) {
      const nameNode = child.childForFieldName('name')
      if (!nameNode) continue
      declNames.add(nameNode.startIndex)
      const bases = baseTypes(child)
      const d = declaration(child, nameNode, nameNode.text, typeKind, path.join('.'), source, bases)
      const typeParams = child.childForFieldName('type_parameters') ?? child.namedChildren.find((c) => c?.type === 'type_parameter_list')
      if (typeParams) d.arity = typeParams.namedChildren.filter((c) => c?.type === 'type_parameter').length
      out.declarations.push(d)
      const inner = [...path, nameNode.text]
      const body = child.childForFieldName('body')
      if (body) collect(body, inner, inner.join('.'), out, declNames, source)
      continue
    }
    const memberKind = MEMBER_KINDS[t]
    if (memberKind && typePath) {
      const nameNode = t === 'indexer_declaration' ? null : child.childForFieldName('name')
      const name = t === 'indexer_declaration' ? 'this[]' : (nameNode?.text ?? '')
      if (nameNode) declNames.add(nameNode.startIndex)
      const d = declaration(child, nameNode ?? child, name, memberKind, path.join('.'), source, [])
      d.unityMessage = memberKind === 'method' && isUnityMessage(name)
      if (t !== 'local_function_statement') out.declarations.push(d)
      continue
    }
    if ((t === 'field_declaration' || t === 'event_field_declaration') && typePath) {
      for (const declarator of child.descendantsOfType('variable_declarator')) {
        const nameNode = declarator?.childForFieldName('name') ?? declarator?.namedChildren.find((c) => c?.type === 'identifier')
        if (!declarator || !nameNode) continue
        declNames.add(nameNode.startIndex)
        const kind: CodeSymbolKind = t === 'event_field_declaration' ? 'event' : 'field'
        out.declarations.push(declaration(child, nameNode, nameNode.text, kind, path.join('.'), source, []))
      }
      continue
    }
    if (t === 'declaration_list' || t === 'compilation_unit') collect(child, path, typePath, out, declNames, source)
  }
}

function markNames(node: Node, declNames: Set<number>): void {
  if (node.type === 'identifier') declNames.add(node.startIndex)
  for (const c of node.namedChildren) if (c) markNames(c, declNames)
}

function baseTypes(typeNode: Node): string[] {
  const list = typeNode.namedChildren.find((c) => c?.type === 'base_list')
  if (!list) return []
  return list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'argument_list').map((c) => c.text.replace(/\s+/g, ''))
}

function declaration(node: Node, nameNode: Node, name: string, kind: CodeSymbolKind, container: string, source: string, bases: string[]): Declaration {
  return {
    name,
    kind,
    container,
    line: nameNode.startPosition.row,
    column: nameNode.startPosition.column,
    endLine: node.endPosition.row,
    signature: signatureOf(node, source),
    doc: docCommentBefore(node),
    bases,
    unityMessage: false,
    valueType: typeNameOf(node.childForFieldName('type') ?? node.namedChildren.find((c) => c?.type === 'variable_declaration')?.childForFieldName('type') ?? null),
  }
}

/** The simple name of a written type: `List<Foo>` → List, `Boat.Buoy` → Buoy, `var` → null. */
function typeNameOf(node: Node | null): string | null {
  if (!node || node.type === 'implicit_type') return null
  const text = node.text.replace(/<.*$/s, '').replace(/[?[\]*\s]/g, '')
  const last = text.slice(text.lastIndexOf('.') + 1)
  return /^[A-Za-z_@][\w]*$/.test(last) && last !== 'var' ? last : null
}

/** The header of a declaration: its text up to the body (or the end of the line for fields). */
function signatureOf(node: Node, source: string): string {
  const body = node.childForFieldName('body') ?? node.namedChildren.find((c) => c?.type === 'accessor_list' || c?.type === 'arrow_expression_clause') ?? null
  const end = body ? body.startIndex : node.endIndex
  let text = source.slice(node.startIndex, Math.min(end, node.startIndex + 400))
  // Attributes ([SerializeField], [Header(…)]) are part of the node but not of the signature.
  text = text.replace(/^(\s*\[[^\]\n]*\]\s*)+/, '')
  return text.replace(/\s+/g, ' ').replace(/[\s{;=]+$/, '').trim()
}

/** `///` lines immediately above a declaration, with the XML tags stripped. */
function docCommentBefore(node: Node): string {
  const lines: string[] = []
  let prev = node.previousSibling
  while (prev && prev.type === 'comment' && prev.text.startsWith('///') && node.startPosition.row - prev.endPosition.row <= lines.length + 1) {
    lines.unshift(prev.text.replace(/^\/\/\/\s?/, ''))
    prev = prev.previousSibling
  }
  if (lines.length === 0) return ''
  return lines
    .join('\n')
    .replace(/<see\s+cref="([^"]*)"\s*\/>/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\n{2,}/g, '\n')
    .trim()
}

/**
 * Every identifier that is not a declaration's own name, with the context that decides what it
 * can refer to. Inside a method, uses of its parameters and locals are left out: there the parser
 * can tell they are not the field or type of the same name. Their declared types are kept to
 * resolve `local.Member` to the right type's member.
 */
function collectReferences(root: Node, out: FileSymbols, declNames: Set<number>): void {
  const fieldTypes = new Map<string, Map<string, string>>() // type → field name → type name
  for (const d of out.declarations) {
    if (!d.valueType) continue
    let m = fieldTypes.get(d.container)
    if (!m) fieldTypes.set(d.container, (m = new Map()))
    m.set(d.name, d.valueType)
  }
  type Frame = { node: Node; locals: Map<string, string | null> | null; inType: string }
  const stack: Frame[] = [{ node: root, locals: null, inType: '' }]
  while (stack.length > 0) {
    const { node, locals: outer, inType } = stack.pop()!
    let locals = outer
    let type = inType
    if (SCOPES.has(node.type)) locals = new Map([...(outer ?? []), ...localTypes(node)])
    if (TYPE_KINDS[node.type] || node.type === 'namespace_declaration' || node.type === 'file_scoped_namespace_declaration') {
      const n = node.childForFieldName('name')?.text
      if (n) type = type ? `${type}.${n}` : n
    }
    if (node.type === 'identifier') {
      if (!declNames.has(node.startIndex) && !isLocalDeclarator(node)) {
        const context = contextOf(node)
        if (!(context === 'name' && locals?.has(node.text))) {
          out.references.push({
            name: node.text,
            context,
            line: node.startPosition.row,
            column: node.startPosition.column,
            inType: type,
            receiverType: context === 'member' ? receiverTypeOf(node, locals, fieldTypes.get(type), type) : null,
            ...(node.parent?.type === 'generic_name' ? { arity: typeArgumentCount(node.parent) } : {}),
          })
        }
      }
      continue
    }
    if (node.type === 'comment' || node.type.includes('string') || node.type === 'character_literal') continue
    const kids = node.namedChildren
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]
      if (k) stack.push({ node: k, locals, inType: type })
    }
  }
}

/** `Box<int>` 1, `Map<string, List<int>>` 2, and the omitted form of `typeof(Map<,>)` 2. */
function typeArgumentCount(generic: Node): number {
  const list = generic.namedChildren.find((c) => c?.type === 'type_argument_list')
  if (!list) return 0
  const named = list.namedChildren.length
  if (named > 0) return named
  let commas = 0
  for (let i = 0; i < list.childCount; i++) if (list.child(i)?.type === ',') commas++
  return commas + 1
}

/** Parameters and locals declared anywhere inside a scope node, with their declared type if any. */
function localTypes(scope: Node): [string, string | null][] {
  const out: [string, string | null][] = []
  for (const p of scope.descendantsOfType(['parameter', 'variable_declarator', 'foreach_statement', 'catch_declaration', 'declaration_expression'])) {
    if (!p) continue
    const n = p.childForFieldName('name') ?? p.childForFieldName('left') ?? (p.type === 'variable_declarator' ? p.namedChildren.find((c) => c?.type === 'identifier') : null)
    if (!n || n.type !== 'identifier') continue
    let t: string | null = typeNameOf(p.childForFieldName('type'))
    if (p.type === 'variable_declarator') {
      t = typeNameOf(p.parent?.childForFieldName('type') ?? null)
      const init = p.namedChildren.find((c) => c?.type === 'object_creation_expression')
      if (!t && init) t = typeNameOf(init.childForFieldName('type'))
    }
    out.push([n.text, t])
  }
  return out
}

function receiverTypeOf(id: Node, locals: Map<string, string | null> | null, fields: Map<string, string> | undefined, inType: string): string | null {
  const receiver = id.parent?.childForFieldName('expression')
  if (!receiver) return null
  if (receiver.type === 'this_expression' || receiver.type === 'base_expression' || receiver.text === 'this' || receiver.text === 'base') {
    return inType.slice(inType.lastIndexOf('.') + 1) || null
  }
  if (receiver.type !== 'identifier') return null
  if (locals?.has(receiver.text)) return locals.get(receiver.text) ?? null
  return fields?.get(receiver.text) ?? null
}
/** The name of a local variable or parameter being declared: a declaration, not a use. */
function isLocalDeclarator(id: Node): boolean {
  const parent = id.parent
  if (!parent) return false
  const field = fieldOf(id)
  return (
    (parent.type === 'variable_declarator' || parent.type === 'parameter' || parent.type === 'catch_declaration' || parent.type === 'declaration_expression') &&
    (field === 'name' || parent.namedChildren[0]?.equals(id) === true && parent.type === 'variable_declarator')
  ) || (parent.type === 'foreach_statement' && field === 'left') || parent.type === 'type_parameter'
}

function fieldOf(node: Node): string | null {
  const parent = node.parent
  if (!parent) return null
  for (let i = 0; i < parent.childCount; i++) {
    if (parent.child(i)?.equals(node)) return parent.fieldNameForChild(i)
  }
  return null
}

function contextOf(id: Node): RefContext {
  const parent = id.parent
  if (!parent) return 'name'
  const field = fieldOf(id)
  if (field === 'type' || field === 'returns') return 'type'
  if (TYPE_PARENTS.has(parent.type)) return 'type'
  if (parent.type === 'generic_name') return parent.parent?.type === 'invocation_expression' ? 'name' : 'type'
  if (parent.type === 'qualified_name') return 'type'
  if (parent.type === 'member_access_expression' && field === 'name') return 'member'
  return 'name'
}
