import { useState } from 'react'
import { keyMode, onKeyBinding, shortcutRows, useKeybinding } from '../keys/keybindings'

let openShortcuts: () => void = () => undefined
export const showShortcuts = () => openShortcuts()
onKeyBinding('shortcuts.toggle', () => openShortcuts())

/** The keyboard shortcuts, on `?` (outside text fields) or from the status bar. */
export function Shortcuts() {
  const [open, setOpen] = useState(false)
  openShortcuts = () => setOpen((o) => !o)
  useKeybinding('dialog.close', () => {
    if (!open) return false
    setOpen(false)
  })
  if (!open) return null
  const rows = shortcutRows()
  return (
    <div className="overlay" onMouseDown={() => setOpen(false)}>
      <div className="shortcuts" role="dialog" aria-label="Keyboard shortcuts" onMouseDown={(e) => e.stopPropagation()} data-testid="shortcuts">
        <h2>Keyboard shortcuts{keyMode() === 'web' ? ' (in the browser)' : ''}</h2>
        <table>
          <tbody>
            {rows.map(([k, what]) => (
              <tr key={what}>
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
