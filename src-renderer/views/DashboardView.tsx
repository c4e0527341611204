import { useCall } from '../state/client'
import { EmptyState, ErrorBox } from '../components/EmptyState'

export default function DashboardView() {
  const project = useCall('project.current', {})
  const info = useCall('app.info', {})
  if (project.error) return <ErrorBox error={project.error} />
  const p = project.data
  if (!p) {
    return (
      <EmptyState title="No project open" testId="view-dashboard">
        <p>Open a Unity project folder with File → Open Project (Ctrl+O), or start `slate serve &lt;project&gt;`.</p>
      </EmptyState>
    )
  }
  return (
    <div className="view dashboard" data-testid="view-dashboard">
      <header className="view-header">
        <h1 data-testid="dashboard-product">{p.productName ?? p.folderName}</h1>
        <span className="muted">{p.companyName}</span>
      </header>
      <div className="cards">
        <div className="card">
          <div className="card-label">Unity</div>
          <div className="card-value" data-testid="dashboard-unity">{p.unityVersion ?? 'unknown'}</div>
          {p.unityRevision && <div className="muted">revision {p.unityRevision}</div>}
        </div>
        <div className="card">
          <div className="card-label">Project folder</div>
          <div className="card-value small mono">{p.root}</div>
        </div>
        <div className="card">
          <div className="card-label">SLATE</div>
          <div className="card-value">{info.data ? `${info.data.version} · ${info.data.runtime}` : '…'}</div>
        </div>
      </div>
    </div>
  )
}
