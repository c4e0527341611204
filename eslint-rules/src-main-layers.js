// The layering of src-main, enforced by lint (eslint.config.js; proven by test/lint/layers.test.ts).
//
// Each top-level folder of src-main sits in one layer. A file may import folders of LOWER layers
// only: not its own layer's other folders, not a higher layer. Type-only imports count the same
// (a type import is still a dependency the reader has to understand first). Inside a folder any
// file may import any other, but no import cycle is allowed anywhere in src-main (rule
// `slate/no-import-cycle`).
//
// Test files (*.test.ts) and test helpers (a `testing` folder) may import anything; production
// code may not import a `testing` folder. A new top-level folder must be added here, at its layer.
import fs from 'node:fs'
import path from 'node:path'

/** Lowest first. */
export const layers = [
  { name: 'base', folders: ['core'], why: 'paths, data dir, typed events, settings file, worker start: no subsystem' },
  { name: 'infrastructure', folders: ['bus', 'logs', 'unity'], why: 'the message bus, the log parser, the Unity project model' },
  { name: 'cache', folders: ['cache'], why: 'memory / Redis cache (invalidation travels on the bus)' },
  { name: 'data', folders: ['store'], why: 'databases, repositories, offline mirror; opens cache and bus together' },
  {
    name: 'features',
    folders: ['builds', 'assets', 'console', 'files', 'link', 'runtime', 'profiler', 'analytics', 'services', 'code', 'team'],
    why: 'one subsystem each, over the layers below; they do not import each other',
  },
  { name: 'host', folders: ['host'], why: 'SlateCore: holds every subsystem, its lifetime and the open project' },
  { name: 'api', folders: ['api'], why: 'the handler registry: the contract\'s calls as functions of (core, args)' },
  { name: 'transports', folders: ['serve', 'electron'], why: 'WebSocket server, Electron glue' },
  { name: 'entry', folders: ['cli'], why: 'the `slate` command (starts a server, a worker or one-shot commands)' },
]

/** Test helpers for any layer (fixture paths); production code never imports them. */
const TEST_ONLY = new Set(['testing'])

const layerOf = new Map(layers.flatMap((l, i) => l.folders.map((f) => [f, i])))

function srcMainRoot(filename) {
  const norm = filename.split(path.sep).join('/')
  const at = norm.lastIndexOf('/src-main/')
  return at < 0 ? null : norm.slice(0, at + '/src-main'.length)
}

function isTestCode(rel) {
  return /\.test\.tsx?$/.test(rel) || rel.split('/').slice(0, -1).some((seg) => TEST_ONLY.has(seg))
}

/** Every module specifier a node imports from: import/export ... from, import(), import x = require(), import('x').T. */
function importVisitors(onSource) {
  const lit = (node, src) => {
    if (src && src.type === 'Literal' && typeof src.value === 'string') onSource(node, src.value)
  }
  return {
    ImportDeclaration: (node) => lit(node, node.source),
    ExportNamedDeclaration: (node) => lit(node, node.source),
    ExportAllDeclaration: (node) => lit(node, node.source),
    ImportExpression: (node) => lit(node, node.source),
    TSImportEqualsDeclaration: (node) => lit(node, node.moduleReference?.expression),
    TSImportType: (node) => {
      // typescript-eslint 8 calls the specifier `source`; older versions `argument` (a TSLiteralType).
      const arg = 'source' in node ? node.source : node.argument
      lit(node, arg?.type === 'TSLiteralType' ? arg.literal : arg)
    },
  }
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'src-main folders import only folders of lower layers (eslint-rules/src-main-layers.js)' },
    schema: [],
  },
  create(context) {
    const filename = context.filename ?? context.getFilename()
    const root = srcMainRoot(filename)
    if (!root) return {}
    const rel = filename.split(path.sep).join('/').slice(root.length + 1)
    const own = rel.split('/')[0]
    if (!rel.includes('/')) return {}
    if (isTestCode(rel)) return {}
    return importVisitors((node, spec) => {
      if (!spec.startsWith('.')) return
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(filename.split(path.sep).join('/')), spec))
      if (!target.startsWith(`${root}/`)) return
      const targetRel = target.slice(root.length + 1)
      const folder = targetRel.split('/')[0]
      if (folder === own) {
        if (targetRel.split('/').slice(0, -1).some((seg) => TEST_ONLY.has(seg))) {
          context.report({ node, message: `Production code may not import test helpers (${targetRel}).` })
        }
        return
      }
      if (TEST_ONLY.has(folder)) {
        context.report({ node, message: `Production code may not import test helpers (src-main/${folder}).` })
        return
      }
      const mine = layerOf.get(own)
      const theirs = layerOf.get(folder)
      if (mine === undefined || theirs === undefined) {
        const missing = mine === undefined ? own : folder
        context.report({ node, message: `src-main/${missing} is not in the layering map: add it at its layer in eslint-rules/src-main-layers.js (and the README's Layout).` })
        return
      }
      if (theirs === mine) {
        context.report({
          node,
          message: `src-main/${own} and src-main/${folder} are in the same layer (${layers[mine].name}) and may not import each other: move what both need to a lower layer, or let the layer above pass it in.`,
        })
      } else if (theirs > mine) {
        context.report({
          node,
          message: `src-main/${own} (layer ${layers[mine].name}) may not import src-main/${folder} (higher layer ${layers[theirs].name}): a lower layer never depends on a higher one. Take an interface or a callback instead.`,
        })
      }
    })
  },
}

// --- cycles -------------------------------------------------------------------------------------

const IMPORT_RE = /(?:^|[\s;}])(?:import|export)\s[^;'"`]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm
const graphCache = new Map()

function resolveTs(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (/\.tsx?$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  }
  return null
}

/** The relative imports of a file on disk, resolved; read once per lint run and file version. */
function importsOf(file) {
  let stat
  try {
    stat = fs.statSync(file)
  } catch {
    return []
  }
  const hit = graphCache.get(file)
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.deps
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const deps = []
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3]
    if (!spec.startsWith('.')) continue
    const resolved = resolveTs(file, spec)
    if (resolved) deps.push(resolved)
  }
  graphCache.set(file, { mtimeMs: stat.mtimeMs, deps })
  return deps
}

/** A path of imports from `start` back to `goal`, or null. */
function pathBack(start, goal, root) {
  const seen = new Set()
  const stack = [[start, [start]]]
  while (stack.length > 0) {
    const [file, trail] = stack.pop()
    if (file === goal) return trail
    if (seen.has(file)) continue
    seen.add(file)
    if (!file.startsWith(root) || /\.test\.tsx?$/.test(file)) continue
    for (const dep of importsOf(file)) stack.push([dep, [...trail, dep]])
  }
  return null
}

const cycleRule = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles in src-main, type imports included' },
    schema: [],
  },
  create(context) {
    const filename = path.resolve(context.filename ?? context.getFilename())
    const root = srcMainRoot(filename)
    if (!root || /\.test\.tsx?$/.test(filename)) return {}
    const rootDir = root.split('/').join(path.sep)
    return importVisitors((node, spec) => {
      if (!spec.startsWith('.')) return
      const target = resolveTs(filename, spec)
      if (!target || target === filename) return
      const trail = pathBack(target, filename, rootDir)
      if (trail) {
        const short = (f) => path.relative(path.dirname(rootDir), f).split(path.sep).join('/')
        context.report({ node, message: `Import cycle: ${[filename, ...trail].map(short).join(' → ')}. Move what both sides share into a module of its own.` })
      }
    })
  },
}

export default { rules: { layers: layersRule, 'no-import-cycle': cycleRule } }
