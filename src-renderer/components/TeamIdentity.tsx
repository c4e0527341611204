import { useEffect, useState } from 'react'
import type { TeamIdentity as Identity } from '../../src-shared/contract-team'
import { useClient } from '../state/client'

/**
 * Settings → Team identity: the credentials file `slate team` wrote for this person, stored by the
 * core (OS keychain in the desktop app, a 0600 file elsewhere) and used to reach the team's
 * servers from the next start. The team URLs above keep only addresses.
 */
export function TeamIdentity() {
  const client = useClient()
  const [identity, setIdentity] = useState<Identity | null | undefined>(undefined)
  const [text, setText] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useEffect(() => {
    client.call('team.identity', {}).then(setIdentity, () => setIdentity(null))
  }, [client])

  const login = async () => {
    try {
      const id = await client.call('team.login', { credentials: text })
      setIdentity(id)
      setText('')
      setMessage({ ok: true, text: `Logged in as ${id.name} (${id.role}), kept ${id.storage === 'keychain' ? 'encrypted by the OS keychain' : 'in a file only you can read'}. Used from the next start.` })
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) })
    }
  }
  return (
    <section className="field" data-testid="team-identity">
      <span className="field-label">Team identity</span>
      {identity === undefined ? (
        <span className="muted small">Reading…</span>
      ) : identity ? (
        <span className="setting-row">
          <span data-testid="team-identity-name">
            {identity.name} <span className="badge">{identity.role}</span>
          </span>
          <button type="button" className="secondary" onClick={() => void client.call('team.logout', {}).then(() => setIdentity(null))}>
            Log out
          </button>
        </span>
      ) : (
        <>
          <textarea
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder='Paste credentials/<name>.json from your lead ({"name": …, "role": …, "password": …})'
            spellCheck={false}
            data-testid="team-credentials"
          />
          <span className="setting-row">
            <button type="button" className="secondary" disabled={!text.trim()} onClick={() => void login()} data-testid="team-login">
              Log in
            </button>
          </span>
        </>
      )}
      {message && <span className={`${message.ok ? 'ok-text' : 'err-text'} small`}>{message.text}</span>}
      <span className="field-help">Who you are on the team's NATS, PostgreSQL and Redis (`slate team init` writes one file per person). Never stored in the settings.</span>
    </section>
  )
}
