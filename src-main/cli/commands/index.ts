import { parseArgs } from 'node:util'
import path from 'node:path'
import { CliError, type CliCommand } from '../command'
import { openProjectForCli, table } from './unity-cli-shared'
import type { IndexSummary } from '../../../src-shared/types-unity'

const usage = `Usage: slate index <project> [--json] [--no-cache]

Index a Unity project: settings, packages, every asset and .meta under Assets/ and embedded
packages, the packages Unity keeps elsewhere (Library/PackageCache, local file: packages, the
Editor's built-in packages, SLATE's package cache; read-only), and the GUID reference graph. Prints counts, scenes in the build, packages and
diagnostics; --json prints one JSON object (unityVersion, productName, assets, guids, references,
unresolved, scenesInBuild, packages, diagnostics, timings).

Options:
  --json       machine-readable output
  --no-cache   ignore and do not write the persisted index (in SLATE's data dir)`

export const indexCommand: CliCommand = {
  name: 'index',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, 'no-cache': { type: 'boolean', default: false } },
    })
    if (positionals.length !== 1) throw new CliError(`expected one project folder\n\n${usage}`)
    const project = await openProjectForCli(positionals[0], !values['no-cache'])
    const s = project.summary()
    if (values.json) {
      process.stdout.write(`${JSON.stringify(toJson(s), null, 2)}\n`)
    } else {
      process.stdout.write(human(s))
    }
    return 0
  },
}

/** The fields the issue specifies first, in its order, then the extras. */
function toJson(s: IndexSummary) {
  return {
    unityVersion: s.unityVersion,
    productName: s.productName,
    assets: s.assets,
    guids: s.guids,
    references: s.references,
    unresolved: s.unresolved,
    scenesInBuild: s.scenesInBuild,
    packages: s.packages,
    diagnostics: s.diagnostics,
    timings: s.timings,
    root: s.root,
    unityRevision: s.unityRevision,
    settings: s.settings,
    scopedRegistries: s.scopedRegistries,
    testables: s.testables,
    packageFiles: s.packageFiles,
    problems: s.problems,
    cache: s.cache,
  }
}

function human(s: IndexSummary): string {
  const lines: string[] = []
  lines.push(`${s.productName ?? path.basename(s.root)} — Unity ${s.unityVersion ?? 'unknown'} — ${s.root}`)
  lines.push('')
  lines.push(`Assets          ${s.assets.total}`)
  lines.push(`GUIDs declared  ${s.guids.declared}`)
  lines.push(`References      ${s.references.occurrences} occurrences of ${s.references.distinctGuids} GUIDs`)
  lines.push(`Unresolved      ${s.unresolved.distinct} GUIDs (${s.unresolved.builtin} of them Unity built-ins)`)
  const notHere = s.packageFiles.notOnDisk.length
  if (notHere > 0) {
    lines.push(`                ${notHere} package${notHere === 1 ? ' is' : 's are'} not on this machine; references into them cannot be checked (${s.unresolved.unverifiable} GUIDs): \`slate packages fetch\``)
  } else if (s.unresolved.missing > 0) lines.push(`                ${s.unresolved.missing} GUIDs are missing: no .meta of the project or its packages declares them`)
  lines.push(`Packages read   ${s.packageFiles.read} (${s.packageFiles.assets} assets, ${s.packageFiles.guids} GUIDs), read-only`)
  lines.push(`Problems        ${s.problems.assets} assets${Object.keys(s.problems.byKind).length ? ` (${Object.entries(s.problems.byKind).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`)
  lines.push(`Indexed in      ${s.timings.totalMs} ms${s.cache.used ? ` (from cache, ${s.cache.reread} files re-read)` : ''}`)
  lines.push('')
  lines.push('Assets by type')
  lines.push(table(['type', 'count'], Object.entries(s.assets.byType).map(([t, n]) => [t, String(n)])))
  lines.push('')
  lines.push(`Scenes in build (${s.scenesInBuild.filter((x) => x.enabled).length} of ${s.scenesInBuild.length} enabled)`)
  if (s.scenesInBuild.length > 0) lines.push(table(['on', 'path', 'guid'], s.scenesInBuild.map((x) => [x.enabled ? 'yes' : 'no', x.path, x.guid ?? ''])))
  lines.push('')
  lines.push(`Packages (${s.packages.filter((p) => p.direct).length} direct, ${s.packages.length} in all)`)
  lines.push(table(['name', 'version', 'source'], s.packages.filter((p) => p.direct).map((p) => [p.name, p.version, p.source])))
  lines.push('')
  const byKind = new Map<string, number>()
  for (const d of s.diagnostics) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1)
  lines.push(`Diagnostics (${s.diagnostics.length}): ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`)
  const shown = s.diagnostics.slice(0, 40)
  if (shown.length > 0) lines.push(table(['kind', 'path', 'message'], shown.map((d) => [d.kind, d.path, d.message])))
  if (s.diagnostics.length > shown.length) lines.push(`… and ${s.diagnostics.length - shown.length} more (use --json for all)`)
  return `${lines.join('\n')}\n`
}
