import { useCallback, useEffect, useState } from 'react'
import type { LinkSessionInfo, LinkStatus } from '../../src-shared/types-link'
import { useClient, useEvent } from './client'

/** The Unity processes on the live link, kept current from link.sessions / link.state events. */
export function useLinkSessions(): { status: LinkStatus | null; sessions: LinkSessionInfo[]; error: string | null; reload: () => void } {
  const client = useClient()
  const [status, setStatus] = useState<LinkStatus | null>(null)
  const [sessions, setSessions] = useState<LinkSessionInfo[]>([])
  const [error, setError] = useState<string | null>(null)
  const reload = useCallback(() => {
    client.call('link.status', {}).then(
      (s) => {
        setStatus(s)
        setSessions(s.sessions)
        setError(null)
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    )
  }, [client])
  useEffect(reload, [reload])
  useEvent('link.sessions', setSessions)
  useEvent('link.state', (e) => setSessions((list) => list.map((s) => (s.sessionId === e.sessionId ? { ...s, state: e.state, connected: e.connected } : s))))
  return { status, sessions, error, reload }
}

/** The process the play controls steer: the chosen one, else the newest connected Editor, else the newest connected process. */
export function pickTarget(sessions: LinkSessionInfo[], chosen: string | null): LinkSessionInfo | null {
  const live = sessions.filter((s) => s.connected)
  return live.find((s) => s.sessionId === chosen) ?? [...live].reverse().find((s) => s.kind === 'editor') ?? live[live.length - 1] ?? null
}
