import type { ReactNode } from 'react'

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <h2>{title}</h2>
      {children && <div className="empty-state-body">{children}</div>}
    </div>
  )
}

/** The message a person reads; the error's code (for a bug report) only under "Details". */
export function ErrorBox({ error, action }: { error: { code?: string; message: string; details?: unknown }; action?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      {humanMessage(error.message)}
      {action && <div className="error-action">{action}</div>}
      {error.code && (
        <details className="error-details small muted">
          <summary>Details</summary>
          <span className="mono">code: {error.code}</span>
        </details>
      )}
    </div>
  )
}

/** Messages that start with a machine prefix (`not_found: …`) read without it. */
function humanMessage(message: string): string {
  return message.replace(/^[a-z]+(?:_[a-z]+)*: (?=[A-Z"'(])/, '')
}
