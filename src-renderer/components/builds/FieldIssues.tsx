import type { ProfileIssue } from '../../../src-shared/types-builds'

/** Issues whose field is `field` or lies under it (`scenes` also takes `scenes[2]`). */
export function issuesUnder(issues: ProfileIssue[], field: string, exact = false): ProfileIssue[] {
  return issues.filter((i) => i.field === field || (!exact && (i.field.startsWith(`${field}.`) || i.field.startsWith(`${field}[`))))
}

/** Validation messages shown right next to the field that caused them, with the reason. */
export function FieldIssues({ issues, field }: { issues: ProfileIssue[]; field: string }) {
  if (!issues.length) return null
  return (
    <ul className="bld-issues" data-testid={`issue-${field}`}>
      {issues.map((i, n) => (
        <li key={n} className={`bld-issue bld-issue-${i.severity}`} role={i.severity === 'error' ? 'alert' : undefined}>
          <span className="bld-issue-icon" aria-hidden>
            {i.severity === 'error' ? '✕' : '!'}
          </span>
          {i.message}
        </li>
      ))}
    </ul>
  )
}
