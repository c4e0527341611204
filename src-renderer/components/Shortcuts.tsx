import { useEffect, useState } from 'react'

const mod = navigator.platform.toLowerCase().includes('mac') ? '⌘' : 'Ctrl+'
const LIST: [string, string][] = [
  [`${mod}1 … ${mod}6`, 'Dashboard, Code, Assets, Console, Builds, Profiler'],
  [`${mod},`, 'Settings'],
  [`${mod}P`, 'Quick open any file (add :line or :line:column)'],
  [`${mod}Shift+F`, 'Find in files'],
  [`${mod}Shift+E`, 'Show or hide the file tree (Code view)'],
  [`${mod}S`, 'Save the current file'],
  [`${mod}F`, 'Find in the file / focus the asset search'],
  [`${mod}G`, 'Go to line (in the editor)'],
  [`${mod}click`, 'Follow a GUID or fileID link in Unity YAML'],
  ['↑ ↓ ← → Enter', 'Move in the asset grid and console; Enter opens'],
  ['?', 'This list'],
]

let openShortcuts: () => void = () => undefined
export const showShortcuts = () => openShortcuts()

/** The keyboard shortcuts, on `?` (outside text fields) or from the status bar. */
export function Shortcuts() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    openShortcuts = () => setOpen(true)
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null
      const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable || t.closest('.monaco-editor'))
      if (e.key === '?' && !typing) setOpen((o) => !o)
      else if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  if (!open) return null
  return (
    <div className="overlay" onMouseDown={() => setOpen(false)}>
      <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()} data-testid="shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {LIST.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button className="secondary" autoFocus onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </div>
  )
}
