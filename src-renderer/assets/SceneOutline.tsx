import { useMemo, useState } from 'react'
import type { SceneGameObject } from '../../src-shared/types-unity'
import { useCall } from '../state/client'

const MAX_ROWS = 400

/**
 * The GameObject hierarchy of a scene or prefab, read from its YAML (Unity's Hierarchy window,
 * without opening Unity), with its prefab instances as links to their source prefabs.
 */
export function SceneOutline({ path, onGo }: { path: string; onGo(path: string): void }) {
  const scene = useCall('unity.scene.get', { path })
  const [open, setOpen] = useState(false)
  const rows = useMemo(() => {
    const d = scene.data
    if (!d) return []
    const children = new Map<string | null, SceneGameObject[]>()
    for (const g of d.gameObjects) {
      const list = children.get(g.parent)
      if (list) list.push(g)
      else children.set(g.parent, [g])
    }
    const out: { g: SceneGameObject; depth: number }[] = []
    const walk = (parent: string | null, depth: number) => {
      for (const g of children.get(parent) ?? []) {
        if (out.length >= MAX_ROWS) return
        out.push({ g, depth })
        walk(g.fileId, depth + 1)
      }
    }
    walk(null, 0)
    return out
  }, [scene.data])
  if (scene.error) return <div className="muted small">Hierarchy unavailable: {scene.error.message}</div>
  const d = scene.data
  if (!d) return <div className="muted small">Reading the hierarchy…</div>
  return (
    <section className="scene-outline" data-testid="scene-outline">
      <h3>
        Hierarchy <span className="muted">{d.gameObjects.length} GameObjects · {d.prefabInstances.length} prefab instances</span>
      </h3>
      <button className="link-button small" onClick={() => setOpen(!open)}>
        {open ? 'Hide' : 'Show'} hierarchy
      </button>
      {open && (
        <ul className="outline">
          {rows.map(({ g, depth }) => (
            <li key={g.fileId} style={{ paddingLeft: depth * 12 }} className={g.active ? '' : 'muted'} title={g.components.map((c) => c.className ?? c.classId).join(', ')}>
              {g.name || '(unnamed)'}
            </li>
          ))}
          {d.gameObjects.length > rows.length && <li className="muted">…and {d.gameObjects.length - rows.length} more</li>}
        </ul>
      )}
      {d.prefabInstances.length > 0 && (
        <ul className="ref-list">
          {[...new Map(d.prefabInstances.filter((p) => p.sourcePath).map((p) => [p.sourcePath!, p])).values()].slice(0, 50).map((p) => (
            <li key={p.sourcePath}>
              <button className="ref-link" onClick={() => onGo(p.sourcePath!)} data-testid="scene-prefab-link">
                <span className="ref-icon">PFB</span>
                {p.sourcePath!.slice(p.sourcePath!.lastIndexOf('/') + 1)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {d.problems.length > 0 && <div className="muted small">{d.problems.slice(0, 3).join('; ')}</div>}
    </section>
  )
}
