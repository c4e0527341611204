import type { BudgetVerdict, SizeDiff } from '../../../src-shared/types-buildsize'
import { changeKind } from './size-diff'

/**
 * The outputs of `slate builds diff`. The JSON is a contract other scripts read: exactly
 * `total {before, after, delta}`, `files [{path, role, before, after, delta}]`,
 * `assets [{path, guid, type, before, after, delta}]` in that key order (plus `budget` when one
 * was checked), each list sorted by |delta| descending, ties by path.
 */
export function diffJson(d: SizeDiff, budget?: BudgetVerdict | null): string {
  const out: Record<string, unknown> = {
    total: { before: d.total.before, after: d.total.after, delta: d.total.delta },
    files: d.files.map((f) => ({ path: f.path, role: f.role, before: f.before, after: f.after, delta: f.delta })),
    assets: d.assets.map((a) => ({ path: a.path, guid: a.guid, type: a.type, before: a.before, after: a.after, delta: a.delta })),
  }
  if (budget) out.budget = budget
  return `${JSON.stringify(out, null, 2)}\n`
}

function csvCell(v: string | number): string {
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One table: `section,change,path,guid,type,role,before,after,delta`; section total|file|asset|type|folder. */
export function diffCsv(d: SizeDiff): string {
  const rows: (string | number)[][] = [['section', 'change', 'path', 'guid', 'type', 'role', 'before', 'after', 'delta']]
  rows.push(['total', changeKind(d.total), '', '', '', '', d.total.before, d.total.after, d.total.delta])
  for (const f of d.files) rows.push(['file', changeKind(f), f.path, '', '', f.role, f.before, f.after, f.delta])
  for (const a of d.assets) rows.push(['asset', changeKind(a), a.path, a.guid, a.type, '', a.before, a.after, a.delta])
  for (const t of d.types) rows.push(['type', changeKind(t), '', '', t.type, '', t.before, t.after, t.delta])
  for (const f of d.folders) rows.push(['folder', changeKind(f), f.path, '', '', '', f.before, f.after, f.delta])
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
}

export function formatBytes(n: number): string {
  const a = Math.abs(n)
  const sign = n < 0 ? '-' : ''
  if (a < 1024) return `${sign}${a} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = a / 1024
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return `${sign}${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[u]}`
}

export function signedBytes(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : n === 0 ? '±0 B' : formatBytes(n)
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ') || '—'
}

/** A comment for a pull request or a CI summary: the headline, then the biggest changes. */
export function diffMarkdown(d: SizeDiff, opts: { before: string; after: string; budget?: BudgetVerdict | null; top?: number } = { before: 'before', after: 'after' }): string {
  const top = opts.top ?? 15
  const pct = d.total.before ? ` (${d.total.delta >= 0 ? '+' : ''}${((d.total.delta / d.total.before) * 100).toFixed(2)}%)` : ''
  const lines = [
    `### Build size: ${formatBytes(d.total.before)} → ${formatBytes(d.total.after)}, ${signedBytes(d.total.delta)}${pct}`,
    '',
    `Comparing \`${opts.before}\` → \`${opts.after}\`: ${d.files.length} output file(s) and ${d.assets.length} source asset(s) changed.`,
  ]
  if (opts.budget && opts.budget.state !== 'none') {
    const icon = opts.budget.state === 'fail' ? '❌' : opts.budget.state === 'warn' ? '⚠️' : '✅'
    lines.push('', `**Budget: ${icon} ${opts.budget.state}**`)
    for (const c of opts.budget.checks) lines.push(`- ${c.exceeded ? (c.level === 'fail' ? '❌' : '⚠️') : '✅'} ${c.message}`)
    if (opts.budget.culprits.length && opts.budget.state !== 'ok') {
      lines.push('', 'Pushed over by:', ...opts.budget.culprits.slice(0, 10).map((c) => `- \`${c.path || c.guid}\` ${signedBytes(c.delta)}`))
    }
  }
  const table = (title: string, head: string[], rows: string[][], total: number) => {
    if (!rows.length) return
    lines.push('', `#### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map((h, i) => (i >= head.length - 3 ? ' ---: ' : ' --- ')).join('|')}|`)
    for (const r of rows.slice(0, top)) lines.push(`| ${r.join(' | ')} |`)
    if (total > top) lines.push('', `…and ${total - top} more.`)
  }
  table('Output files', ['file', 'role', 'change', 'before', 'after', 'delta'], d.files.map((f) => [`\`${mdCell(f.path)}\``, mdCell(f.role), changeKind(f), formatBytes(f.before), formatBytes(f.after), signedBytes(f.delta)]), d.files.length)
  table('Source assets', ['asset', 'type', 'change', 'before', 'after', 'delta'], d.assets.map((a) => [`\`${mdCell(a.path || a.guid)}\``, mdCell(a.type), changeKind(a), formatBytes(a.before), formatBytes(a.after), signedBytes(a.delta)]), d.assets.length)
  table('By type', ['type', 'change', 'before', 'after', 'delta'], d.types.map((t) => [mdCell(t.type), changeKind(t), formatBytes(t.before), formatBytes(t.after), signedBytes(t.delta)]), d.types.length)
  table('By folder', ['folder', 'change', 'before', 'after', 'delta'], d.folders.map((f) => [`\`${mdCell(f.path)}\``, changeKind(f), formatBytes(f.before), formatBytes(f.after), signedBytes(f.delta)]), d.folders.length)
  return lines.join('\n') + '\n'
}

/** Plain text for a terminal. */
export function diffText(d: SizeDiff, top = 20): string {
  const out = [`total  ${formatBytes(d.total.before)} → ${formatBytes(d.total.after)}  ${signedBytes(d.total.delta)}`]
  const section = (title: string, rows: { name: string; kind: string; delta: number }[]) => {
    if (!rows.length) return
    out.push('', `${title}:`)
    for (const r of rows.slice(0, top)) out.push(`  ${signedBytes(r.delta).padStart(12)}  ${r.kind.padEnd(8)} ${r.name}`)
    if (rows.length > top) out.push(`  …and ${rows.length - top} more`)
  }
  section('files', d.files.map((f) => ({ name: f.path, kind: changeKind(f), delta: f.delta })))
  section('assets', d.assets.map((a) => ({ name: a.path || a.guid, kind: changeKind(a), delta: a.delta })))
  section('types', d.types.map((t) => ({ name: t.type, kind: changeKind(t), delta: t.delta })))
  section('folders', d.folders.map((f) => ({ name: f.path, kind: changeKind(f), delta: f.delta })))
  return out.join('\n') + '\n'
}
