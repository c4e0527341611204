import { useState, useSyncExternalStore } from 'react'
import { languageServerStatus } from './csharp-language-server'

/**
 * The C# language server's state in the code view's status line. Without one it says so and, on
 * a click, how to get one (the core's advice: csharp-ls or OmniSharp on the PATH, or
 * SLATE_CSHARP_LS); SLATE's own index answers definitions and usages either way.
 */
export function LanguageServerChip() {
  const st = useSyncExternalStore(languageServerStatus.subscribe, languageServerStatus.get)
  const [open, setOpen] = useState(false)
  const label =
    st.state === 'running' ? `C#: ${st.server}` : st.state === 'starting' ? `C#: starting ${st.server ?? 'server'}…` : st.state === 'failed' ? `C#: ${st.server ?? 'server'} failed` : 'C#: no language server'
  return (
    <span className="lsp-chip" data-testid="lsp-status" data-state={st.state}>
      <button className="link-button" title={st.detail} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {label}
      </button>
      {open && (
        <span className="lsp-detail" role="status" data-testid="lsp-detail">
          {st.detail}
        </span>
      )}
    </span>
  )
}
