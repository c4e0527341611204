import { useEffect, useState, type FormEvent } from 'react'
import type { Settings } from '../../src-shared/types'
import { useCall, useClient } from '../state/client'
import { ErrorBox } from '../components/EmptyState'
import { ApiError } from '../../src-shared/api-error'
import { TeamIdentity } from '../components/TeamIdentity'

const fields: { key: keyof Settings; label: string; placeholder: string; help: string }[] = [
  { key: 'databaseUrl', label: 'Team database (PostgreSQL)', placeholder: 'postgres://user@db.example:5432/slate', help: 'Empty: the embedded PostgreSQL in SLATE’s data folder. Env: SLATE_DATABASE_URL.' },
  { key: 'redisUrl', label: 'Team cache (Redis)', placeholder: 'redis://cache.example:6379', help: 'Empty: an in-memory cache. Env: SLATE_REDIS_URL.' },
  { key: 'natsUrl', label: 'Team messaging (NATS)', placeholder: 'nats://bus.example:4222', help: 'Empty: messaging inside this app only (no build farm). Env: SLATE_NATS_URL.' },
  { key: 'unityPath', label: 'Unity Editor', placeholder: '/opt/unity/Editor/Unity', help: 'Where to find Unity when Unity Hub’s folders do not have the project’s version.' },
]

export default function SettingsView() {
  const client = useClient()
  const current = useCall('settings.get', {})
  const [draft, setDraft] = useState<Settings>({})
  const [saved, setSaved] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Settings, string>>>({})
  const [tests, setTests] = useState<Partial<Record<keyof Settings, { busy: boolean; ok?: boolean; message?: string }>>>({})
  useEffect(() => setDraft(current.data ?? {}), [current.data])

  const test = async (key: keyof Settings) => {
    setTests((t) => ({ ...t, [key]: { busy: true } }))
    try {
      const r = await client.call('settings-check.test', { key, value: draft[key] ?? '' })
      setTests((t) => ({ ...t, [key]: { busy: false, ok: r.ok, message: r.message } }))
    } catch (err) {
      setTests((t) => ({ ...t, [key]: { busy: false, ok: false, message: err instanceof Error ? err.message : String(err) } }))
    }
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setSaved(null)
    setFieldErrors({})
    try {
      const next = await client.call('settings.set', {
        databaseUrl: draft.databaseUrl ?? '',
        redisUrl: draft.redisUrl ?? '',
        natsUrl: draft.natsUrl ?? '',
        unityPath: draft.unityPath ?? '',
      })
      setDraft(next)
      setSaved('Saved. Team server settings take effect the next time SLATE starts.')
      setTests({})
    } catch (err) {
      const fields = err instanceof ApiError ? (err.details as { fields?: Partial<Record<keyof Settings, string>> } | undefined)?.fields : undefined
      if (fields) setFieldErrors(fields)
      else setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
    }
  }

  return (
    <form className="view settings" onSubmit={save} data-testid="view-settings">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      {fields.map((f) => (
        <label key={f.key} className="field">
          <span className="field-label">{f.label}</span>
          <span className="setting-row">
            <input
              value={draft[f.key] ?? ''}
              placeholder={f.placeholder}
              onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
              spellCheck={false}
              aria-invalid={fieldErrors[f.key] ? true : undefined}
              data-testid={`setting-${f.key}`}
            />
            <button type="button" className="secondary" disabled={tests[f.key]?.busy} onClick={() => void test(f.key)} data-testid={`test-${f.key}`}>
              {tests[f.key]?.busy ? 'Testing…' : f.key === 'unityPath' ? 'Check' : 'Test connection'}
            </button>
          </span>
          {fieldErrors[f.key] && (
            <span className="err-text small" data-testid={`setting-error-${f.key}`}>
              {fieldErrors[f.key]}
            </span>
          )}
          {tests[f.key] && !tests[f.key]!.busy && (
            <span className={`${tests[f.key]!.ok ? 'ok-text' : 'err-text'} small`} data-testid={`test-result-${f.key}`}>
              {tests[f.key]!.message}
            </span>
          )}
          <span className="field-help">{f.help}</span>
        </label>
      ))}
      <div className="actions">
        <button type="submit" className="primary">
          Save
        </button>
        {saved && <span className="ok-text">{saved}</span>}
      </div>
      {error && <ErrorBox error={error} />}
      <TeamIdentity />
    </form>
  )
}
