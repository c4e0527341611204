import type { OpenDoc } from './editor-store'

export function Tabs({ docs, active, onSelect, onClose }: { docs: OpenDoc[]; active: string | null; onSelect(p: string): void; onClose(d: OpenDoc): void }) {
  return (
    <div className="tabs" role="tablist" aria-label="Open files">
      {docs.map((d) => {
        const name = d.path.slice(d.path.lastIndexOf('/') + 1)
        return (
          <div
            key={d.path}
            role="tab"
            aria-selected={d.path === active}
            className={`tab${d.path === active ? ' active' : ''}${d.dirty ? ' dirty' : ''}`}
            title={d.path}
            onClick={() => onSelect(d.path)}
            onAuxClick={(e) => e.button === 1 && onClose(d)}
            data-testid="code-tab"
            data-path={d.path}
            data-dirty={d.dirty ? 'true' : 'false'}
          >
            <span className="tab-name">{name}</span>
            {d.readOnly && <span className="tab-ro" title="Read-only">RO</span>}
            <button
              className="tab-close"
              aria-label={d.dirty ? `${name} has unsaved changes; close` : `Close ${name}`}
              onClick={(e) => {
                e.stopPropagation()
                onClose(d)
              }}
            >
              <span className="tab-dot" aria-hidden>●</span>
              <span className="tab-x" aria-hidden>×</span>
            </button>
          </div>
        )
      })}
    </div>
  )
}
