import type { ReactNode } from 'react'

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <h2>{title}</h2>
      {children && <div className="empty-state-body">{children}</div>}
    </div>
  )
}

export function ErrorBox({ error, action }: { error: { code?: string; message: string }; action?: ReactNode }) {
  return (
    <div className="error-box" role="alert">
      <strong>{error.code ? `${error.code}: ` : ''}</strong>
      {error.message}
      {action && <div className="error-action">{action}</div>}
    </div>
  )
}
