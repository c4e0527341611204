import { views } from '../views/registry'
import { useNavigation } from '../state/navigation'
import { hasKeyBinding, shortcutText } from '../keys/keybindings'


export function Sidebar() {
  const { current, navigate } = useNavigation()
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">SLATE</div>
      {views.map((v) => (
        <button
          key={v.id}
          className={`nav-item${current.view === v.id ? ' active' : ''}${v.id === 'settings' ? ' nav-bottom' : ''}`}
          onClick={() => navigate({ view: v.id })}
          title={hasKeyBinding(`view.${v.id}`) ? `${v.label} (${shortcutText(`view.${v.id}`)})` : v.label}
          aria-current={current.view === v.id ? 'page' : undefined}
          data-testid={`nav-${v.id}`}
        >
          <span className="nav-icon" aria-hidden>
            {v.icon}
          </span>
          <span>{v.label}</span>
        </button>
      ))}
    </nav>
  )
}
