import path from 'node:path'
import { parseArgs } from 'node:util'
import { BUILD_TARGETS, type BuildTarget } from '../../../src-shared/types-builds'
import type { BudgetVerdict, SizeBudget } from '../../../src-shared/types-buildsize'
import { budgetsFor, checkBudgets, loadBudgets, parseBudgetSpec } from '../../builds/report/budgets'
import { diffCsv, diffJson, diffMarkdown, diffText, formatBytes } from '../../builds/report/diff-format'
import { sizeBreakdown } from '../../builds/report/size-analysis'
import { diffReports } from '../../builds/report/size-diff'
import { importReport } from '../../builds/report/size-history'
import { sizeTrends } from '../../builds/report/size-trends'
import { readProjectSummary } from '../../unity/project-summary'
import { CliError, type CliCommand } from '../command'
import { BuildsCliSession } from './builds-shared'
import { table } from './unity-cli-shared'

const usage = `Usage: slate builds <subcommand> …

  slate builds import [<report>…] [--project <p>] [--json]
      Add Unity's text BuildReport (*.buildreport; without a file, the project's
      Library/LastBuild.buildreport, which must be saved as text) or
      the bridge's report JSON to the project's build history (idempotent by build GUID). Checks
      the project's size budgets (ProjectSettings/SlateBuildBudgets.json).
  slate builds diff <a> <b> [--project <p>] [--json|--csv|--md] [--budget <limits>] [--top N]
      What changed between two builds: a and b are report files or job ids (or their 8-character
      prefix from \`slate history\`). --json prints {total, files, assets} sorted by |delta|;
      --md a comment for CI. --budget: 100MB (total), +2MB or +5% (growth), comma-separated,
      warn:… for a warning; "project" uses the project's budgets. Exit code 1 when a budget fails.
  slate builds sizes <report|job> [--project <p>] [--json] [--top N]
      Where the bytes went: output files, source assets (resolved by GUID with --project), types,
      folders, duplicates, and what no build scene or Resources folder explains.
  slate builds trends [--project <p>] [--target T] [--asset <guid|path>] [--builds N] [--json]
      Size, duration and success rate per target over time; one asset's size over the last builds.
      Offline, from the local mirror; in team mode, every machine's builds.

--project defaults to the current folder when it is a Unity project.`

function projectOf(value: string | undefined, required: boolean): string | null {
  const root = path.resolve(value ?? '.')
  if (value) return root
  return required ? root : null
}

export const buildsCommand: CliCommand = {
  name: 'builds',
  usage,
  async run(argv) {
    const [sub, ...rest] = argv
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        project: { type: 'string' },
        json: { type: 'boolean', default: false },
        csv: { type: 'boolean', default: false },
        md: { type: 'boolean', default: false },
        budget: { type: 'string' },
        top: { type: 'string', default: '20' },
        target: { type: 'string' },
        asset: { type: 'string' },
        builds: { type: 'string', default: '20' },
      },
    })
    const top = Math.max(1, Number(values.top) || 20)
    if (sub === 'import') {
      const root = projectOf(values.project, true)!
      // No file: the report Unity wrote after the project's last build.
      if (!positionals.length) positionals.push(path.join(root, 'Library', 'LastBuild.buildreport'))
      const s = new BuildsCliSession(root)
      try {
        const summary = await readProjectSummary(root).catch(() => null)
        const budgets = await loadBudgets(root).catch((err: Error) => {
          throw new CliError(err.message)
        })
        const out = []
        for (const file of positionals) {
          const { report } = await s.load(file)
          const res = await importReport(await s.history(), { projectRoot: root, projectName: summary?.productName ?? summary?.folderName ?? path.basename(root), report, budgets })
          out.push({ file, ...res, kind: report.kind, files: report.files.length, packed: report.packed.length, notes: report.notes })
          if (!values.json) {
            process.stdout.write(`${res.imported ? 'imported' : 'already in the history'}: ${file} → job ${res.jobId} (${res.target}, ${formatBytes(res.totalSize)}, ${report.files.length} files, ${report.packed.length} packed entries)${budgetLine(res.budget)}\n`)
            for (const n of report.notes) process.stdout.write(`  note: ${n}\n`)
          }
        }
        if (values.json) process.stdout.write(`${JSON.stringify(out.length === 1 ? out[0] : out)}\n`)
        return out.some((o) => o.budget.state === 'fail') ? 1 : 0
      } finally {
        await s.close()
      }
    }
    if (sub === 'diff') {
      if (positionals.length !== 2) throw new CliError(`expected two builds (report files or job ids)\n\n${usage}`)
      const s = new BuildsCliSession(projectOf(values.project, false))
      try {
        const [a, b] = [await s.load(positionals[0]), await s.load(positionals[1])]
        const ctx = await s.projectContext()
        const d = diffReports(a.report, b.report, ctx)
        let budget: BudgetVerdict | null = null
        if (values.budget) {
          let budgets: SizeBudget[]
          if (values.budget === 'project') {
            if (!s.projectRoot) throw new CliError('--budget project needs --project')
            budgets = budgetsFor(await loadBudgets(s.projectRoot), b.profileId, b.report.target)
          } else {
            try {
              budgets = parseBudgetSpec(values.budget)
            } catch (err) {
              throw new CliError((err as Error).message)
            }
          }
          budget = checkBudgets(budgets, b.report, a.report, d)
        }
        if (values.json) process.stdout.write(diffJson(d, budget))
        else if (values.csv) process.stdout.write(diffCsv(d))
        else if (values.md) process.stdout.write(diffMarkdown(d, { before: a.label, after: b.label, budget, top }))
        else process.stdout.write(diffText(d, top) + (budget ? `\nbudget: ${budget.state}\n${budget.checks.map((c) => `  ${c.exceeded ? c.level : 'ok'}: ${c.message}`).join('\n')}\n` : ''))
        if (budget && budget.state !== 'ok' && budget.state !== 'none' && (values.json || values.csv)) {
          process.stderr.write(`budget ${budget.state}: ${budget.checks.filter((c) => c.exceeded).map((c) => c.message).join('; ')}\n`)
        }
        return budget?.state === 'fail' ? 1 : 0
      } finally {
        await s.close()
      }
    }
    if (sub === 'sizes') {
      if (positionals.length !== 1) throw new CliError(`expected one build (a report file or a job id)\n\n${usage}`)
      const s = new BuildsCliSession(projectOf(values.project, false))
      try {
        const { report } = await s.load(positionals[0])
        const b = sizeBreakdown(report, await s.projectContext())
        if (values.json) {
          process.stdout.write(`${JSON.stringify({ ...b, assets: b.assets.map(({ key: _k, ...a }) => a) })}\n`)
          return 0
        }
        const w = process.stdout
        w.write(`${report.platform} ${report.kind} build, ${report.result}: ${formatBytes(b.totalSize)} (${formatBytes(b.packedSize)} of packed assets)\n\nOutput files:\n`)
        w.write(`${table(['size', 'role', 'file'], b.files.slice(0, top).map((f) => [formatBytes(f.size), f.role, f.path]))}\n\nSource assets:\n`)
        w.write(`${table(['size', 'type', 'asset'], b.assets.slice(0, top).map((a) => [formatBytes(a.size), a.type, a.path || a.guid]))}\n\nBy type:\n`)
        w.write(`${table(['size', 'objects', 'type'], b.types.slice(0, top).map((t) => [formatBytes(t.size), String(t.count), t.key]))}\n\nBy folder:\n`)
        w.write(`${table(['size', 'assets', 'folder'], b.folders.slice(0, top).map((f) => [formatBytes(f.size), String(f.count), f.key]))}\n`)
        if (b.duplicates.length) w.write(`\nIn more than one file (${b.duplicates.length}):\n${table(['extra', 'files', 'asset'], b.duplicates.slice(0, top).map((d) => [formatBytes(d.extra), String(d.files.length), d.path]))}\n`)
        if (b.unexplained) w.write(`\nNot reached from a build scene or Resources (${b.unexplained.length}):\n${b.unexplained.slice(0, top).map((u) => `  ${formatBytes(u.size).padStart(10)}  ${u.path}`).join('\n')}\n`)
        return 0
      } finally {
        await s.close()
      }
    }
    if (sub === 'trends') {
      const root = projectOf(values.project, true)!
      if (values.target && !(BUILD_TARGETS as readonly string[]).includes(values.target)) throw new CliError(`--target must be one of ${BUILD_TARGETS.join(', ')}`)
      const s = new BuildsCliSession(root)
      try {
        const t = await sizeTrends(await s.history(), { projectRoot: root, target: values.target as BuildTarget | undefined, asset: values.asset ?? null, assetBuilds: Number(values.builds) || 20 })
        if (values.json) {
          process.stdout.write(`${JSON.stringify(t)}\n`)
          return 0
        }
        process.stdout.write(`Build trends (from ${t.source})\n`)
        for (const x of t.targets) {
          process.stdout.write(`\n${x.target}: ${x.succeeded}/${x.total} succeeded (${Math.round(x.successRate * 100)}%)\n`)
          for (const p of x.points.slice(-top)) process.stdout.write(`  ${p.at.slice(0, 19)}  ${p.jobId.slice(0, 8)}  ${p.status.padEnd(9)} ${(p.totalSize === null ? '—' : formatBytes(p.totalSize)).padStart(10)}  ${p.durationMs === null ? '' : `${(p.durationMs / 1000).toFixed(1)}s`}\n`)
        }
        if (t.asset) {
          process.stdout.write(`\n${t.asset.key} over the last ${t.asset.points.length} successful builds:\n`)
          for (const p of t.asset.points) process.stdout.write(`  ${p.at.slice(0, 19)}  ${p.jobId.slice(0, 8)}  ${formatBytes(p.size)}\n`)
        }
        return 0
      } finally {
        await s.close()
      }
    }
    throw new CliError(sub ? `unknown subcommand "${sub}"\n\n${usage}` : usage)
  },
}

function budgetLine(b: BudgetVerdict): string {
  if (b.state === 'none') return ''
  const over = b.checks.filter((c) => c.exceeded)
  return `; budget ${b.state}${over.length ? `: ${over.map((c) => c.message).join('; ')}` : ''}`
}
