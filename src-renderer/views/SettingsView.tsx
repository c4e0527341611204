import { useEffect, useState, type FormEvent } from 'react'
import type { Settings } from '../../src-shared/types'
import { useCall, useClient } from '../state/client'
import { ErrorBox } from '../components/EmptyState'
import { ApiError } from '../../src-shared/api-error'

const fields: { key: keyof Settings; label: string; placeholder: string; help: string }[] = [
  { key: 'databaseUrl', label: 'Team database (PostgreSQL)', placeholder: 'postgres://user@db.example:5432/slate', help: 'Empty: the embedded PostgreSQL in SLATE’s data folder. Env: SLATE_DATABASE_URL.' },
  { key: 'redisUrl', label: 'Team cache (Redis)', placeholder: 'redis://cache.example:6379', help: 'Empty: an in-memory cache. Env: SLATE_REDIS_URL.' },
  { key: 'natsUrl', label: 'Team bus (NATS)', placeholder: 'nats://bus.example:4222', help: 'Empty: an in-process bus. Env: SLATE_NATS_URL.' },
  { key: 'unityPath', label: 'Unity Editor', placeholder: '/opt/unity/Editor/Unity', help: 'Where to find Unity when Unity Hub’s folders do not have the project’s version.' },
]

export default function SettingsView() {
  const client = useClient()
  const current = useCall('settings.get', {})
  const [draft, setDraft] = useState<Settings>({})
  const [saved, setSaved] = useState<string | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  useEffect(() => setDraft(current.data ?? {}), [current.data])

  const save = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      const next = await client.call('settings.set', {
        databaseUrl: draft.databaseUrl ?? '',
        redisUrl: draft.redisUrl ?? '',
        natsUrl: draft.natsUrl ?? '',
        unityPath: draft.unityPath ?? '',
      })
      setDraft(next)
      setSaved('Saved. Team server settings take effect the next time SLATE starts.')
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('internal', String(err)))
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
          <input
            value={draft[f.key] ?? ''}
            placeholder={f.placeholder}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            spellCheck={false}
            data-testid={`setting-${f.key}`}
          />
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
    </form>
  )
}
