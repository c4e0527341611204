import { useEffect } from 'react'
import { useCall } from '../state/client'

const REFRESH_MS = 10_000

/**
 * The backend services for the Dashboard (services.status): solo mode shows the app's own
 * (container orchestrator, log aggregator, analytics…), team mode each `slate services` instance
 * that answered. Self-contained: the dashboard only places it. Refreshed every few seconds — the
 * services announce no events of their own.
 */
export function ServicesCard() {
  const status = useCall('services.status', {})
  const { reload } = status
  useEffect(() => {
    const t = setInterval(() => reload(), REFRESH_MS)
    return () => clearInterval(t)
  }, [reload])
  const s = status.data
  return (
    <div className="card span-2" data-testid="dash-services">
      <div className="card-label">Backend services</div>
      {status.error ? (
        <div className="muted small">Unavailable: {status.error.message}</div>
      ) : !s ? (
        <div className="muted small">Checking…</div>
      ) : s.instances.length === 0 ? (
        <div className="muted small" data-testid="dash-services-none">
          {s.mode === 'team' ? 'No `slate services` instance answered on the team bus.' : 'Not running in this process.'}
        </div>
      ) : (
        s.instances.map((i) => (
          <div key={i.instance} data-testid={`dash-services-instance-${i.instance}`}>
            {s.mode === 'team' && <div className="muted small">{i.instance}{i.url ? ` · ${i.url}` : ''}</div>}
            {i.services.map((svc) => (
              <div key={svc.name} className={`health-row health-${svc.ok ? 'ok' : 'down'}`} data-testid={`dash-service-${svc.name}`} title={svc.detail}>
                <span className="dot" />
                <strong>{svc.name}</strong>{' '}
                <span className="muted small">
                  {svc.ok ? 'ok' : 'not ok'} · {svc.detail}
                  {svc.inFlight ? ` · ${svc.inFlight} in flight` : ''}
                </span>
              </div>
            ))}
          </div>
        ))
      )}
    </div>
  )
}
