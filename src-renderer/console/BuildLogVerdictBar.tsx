import type { BuildLogSummary } from '../../src-shared/types-logs'

const WORDS = { succeeded: 'Build succeeded', failed: 'Build failed', unknown: 'Build result unknown' } as const

/** How the build in this log went, as the log says it: verdict, duration, counts, the first error. */
export function BuildLogVerdictBar({ summary, onOpen }: { summary: BuildLogSummary; onOpen: (file: string, line?: number) => void }) {
  const s = summary
  const first = s.firstError
  return (
    <div className={`console-verdict verdict-${s.verdict}`} data-testid="console-verdict" data-verdict={s.verdict}>
      <strong>{WORDS[s.verdict]}</strong>
      {s.result && s.verdict !== 'unknown' && <span className="muted"> ({s.result})</span>}
      {s.durationSeconds !== null && <span> · {formatSeconds(s.durationSeconds)}</span>}
      <span>
        {' '}
        · {s.errors.toLocaleString()} error{s.errors === 1 ? '' : 's'}, {s.warnings.toLocaleString()} warning{s.warnings === 1 ? '' : 's'}
      </span>
      {s.verdict === 'unknown' && <span className="muted"> · the log does not say how the build ended</span>}
      {first && (
        <span className="console-verdict-first">
          {' '}
          · first error:{' '}
          {first.file ? (
            <a href="#" onClick={(e) => (e.preventDefault(), onOpen(first.file!, first.line))} title={`${first.file}:${first.line ?? 1}`}>
              {first.message}
            </a>
          ) : (
            <span>{first.message}</span>
          )}
        </span>
      )}
      {s.verdictText && <span className="muted small" title={`Log line ${s.verdictLine}`}> · “{s.verdictText}”</span>}
    </div>
  )
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  return `${m} min ${Math.round(s - m * 60)} s`
}
