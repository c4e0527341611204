import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { readConfined, writeFileConfined } from '../../core/confined-fs'
import type { BuildTarget } from '../../../src-shared/types-builds'
import { buildTargetSchema } from '../../../src-shared/types-builds'
import type { BudgetCheck, BudgetVerdict, SizeBudget, SizeDiff, SizeReport } from '../../../src-shared/types-buildsize'
import { aggregateAssets } from './size-analysis'
import { diffReports } from './size-diff'
import { formatBytes, signedBytes } from './diff-format'

/**
 * Size budgets: ProjectSettings/SlateBuildBudgets.json (next to the build profiles, versioned with
 * the project) holds `{ "budgets": [{ profile?, target?, maxBytes?, maxGrowthBytes?,
 * maxGrowthPercent?, level? }] }`. A budget applies to the builds of its profile and/or target;
 * growth is measured against the previous successful build of the same target. Checked after every
 * build (stored on the job) and by `slate builds diff --budget`.
 */
export const BUDGETS_FILE = 'ProjectSettings/SlateBuildBudgets.json'

const budgetSchema = z
  .object({
    profile: z.string().max(64).optional(),
    target: buildTargetSchema.optional(),
    maxBytes: z.number().nonnegative().optional(),
    maxGrowthBytes: z.number().nonnegative().optional(),
    maxGrowthPercent: z.number().nonnegative().optional(),
    level: z.enum(['warn', 'fail']).optional(),
  })
  .strict()
export const budgetsFileSchema = z.object({ budgets: z.array(budgetSchema).max(1000) }).strict()

export async function loadBudgets(projectRoot: string): Promise<SizeBudget[]> {
  // Project files are read and written through the confined path (a link out of the project is refused).
  if (!fs.existsSync(path.join(projectRoot, BUDGETS_FILE))) return []
  const text = (await readConfined(projectRoot, BUDGETS_FILE, 16 * 1024 * 1024)).toString('utf8')
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new Error(`${BUDGETS_FILE} is not valid JSON: ${(err as Error).message}`)
  }
  const parsed = budgetsFileSchema.safeParse(raw)
  if (!parsed.success) throw new Error(`${BUDGETS_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data.budgets
}

export async function saveBudgets(projectRoot: string, budgets: SizeBudget[]): Promise<void> {
  const parsed = budgetsFileSchema.parse({ budgets })
  await writeFileConfined(projectRoot, BUDGETS_FILE, `${JSON.stringify(parsed, null, 2)}\n`)
}

export function budgetsFor(budgets: SizeBudget[], profileId: string | null, target: BuildTarget | null): SizeBudget[] {
  return budgets.filter((b) => (!b.profile || b.profile === profileId) && (!b.target || b.target === target))
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3 }

/**
 * `--budget` on the command line: comma-separated limits, `100MB` (total), `+2MB` (growth in
 * bytes), `+5%` (growth in percent); `warn:` before one makes it a warning instead of a failure.
 * KB/MB/GB are binary (1024), as the sizes SLATE prints.
 */
export function parseBudgetSpec(spec: string): SizeBudget[] {
  const out: SizeBudget[] = []
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const warn = /^warn:/i.test(raw)
    const s = raw.replace(/^(warn|fail):/i, '').replace(/\s+/g, '')
    const m = /^(\+)?(\d+(?:\.\d+)?)(%|[kmg]i?b|b)?$/i.exec(s)
    if (!m) throw new Error(`budget "${raw}": expected e.g. 100MB (total), +2MB (growth) or +5% (growth in percent)`)
    const value = Number(m[2])
    const unit = (m[3] ?? '').toLowerCase()
    const level = warn ? 'warn' : 'fail'
    if (unit === '%') {
      if (!m[1]) throw new Error(`budget "${raw}": a percentage is a growth limit, write it as +${m[2]}%`)
      out.push({ maxGrowthPercent: value, level })
    } else if (m[1]) out.push({ maxGrowthBytes: Math.round(value * UNITS[unit]), level })
    else out.push({ maxBytes: Math.round(value * UNITS[unit]), level })
  }
  return out
}

/**
 * Check a build against its budgets. `previous` is the build it grew from (null: none, so growth
 * limits cannot be checked and say so). Culprits: the assets that grew most, or without a previous
 * build the biggest ones.
 */
export function checkBudgets(budgets: SizeBudget[], current: SizeReport, previous: SizeReport | null, diff?: SizeDiff | null): BudgetVerdict {
  if (!budgets.length) return { state: 'none', checks: [], culprits: [] }
  const checks: BudgetCheck[] = []
  const total = current.totalSize
  const before = previous?.totalSize ?? null
  for (const b of budgets) {
    const level = b.level ?? 'warn'
    if (b.maxBytes !== undefined) {
      const exceeded = total > b.maxBytes
      checks.push({ rule: 'maxBytes', level, limit: b.maxBytes, actual: total, exceeded, message: `total ${formatBytes(total)} ${exceeded ? 'is over' : 'is within'} the budget of ${formatBytes(b.maxBytes)}` })
    }
    if (b.maxGrowthBytes !== undefined) {
      if (before === null) checks.push({ rule: 'maxGrowthBytes', level, limit: b.maxGrowthBytes, actual: 0, exceeded: false, message: 'no earlier build to measure growth against' })
      else {
        const growth = total - before
        const exceeded = growth > b.maxGrowthBytes
        checks.push({ rule: 'maxGrowthBytes', level, limit: b.maxGrowthBytes, actual: growth, exceeded, message: `grew ${signedBytes(growth)} ${exceeded ? 'over' : 'within'} the limit of +${formatBytes(b.maxGrowthBytes)}` })
      }
    }
    if (b.maxGrowthPercent !== undefined) {
      if (before === null || before === 0) checks.push({ rule: 'maxGrowthPercent', level, limit: b.maxGrowthPercent, actual: 0, exceeded: false, message: 'no earlier build to measure growth against' })
      else {
        const pct = ((total - before) / before) * 100
        const exceeded = pct > b.maxGrowthPercent
        checks.push({ rule: 'maxGrowthPercent', level, limit: b.maxGrowthPercent, actual: Math.round(pct * 100) / 100, exceeded, message: `grew ${pct.toFixed(2)}% ${exceeded ? 'over' : 'within'} the limit of +${b.maxGrowthPercent}%` })
      }
    }
  }
  const over = checks.filter((c) => c.exceeded)
  const state = over.some((c) => c.level === 'fail') ? 'fail' : over.length ? 'warn' : 'ok'
  let culprits: BudgetVerdict['culprits']
  if (previous && !diff) diff = diffReports(previous, current)
  // What grew, when something did; else (a first build, or one over its total that did not grow)
  // the biggest assets, each "delta" then being its whole size.
  culprits = (diff?.assets ?? []).filter((a) => a.delta > 0).slice(0, 20).map((a) => ({ path: a.path, guid: a.guid, delta: a.delta }))
  if (!culprits.length) culprits = aggregateAssets(current.packed).slice(0, 20).map((a) => ({ path: a.path, guid: a.guid, delta: a.size }))
  return { state, checks, culprits }
}
