import { StrictMode, useSyncExternalStore } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { parseHash } from './state/navigation'
import { views } from './views/registry'
import { ClientProvider } from './state/client'
import { installActivityFeed } from './state/activity'
import { connectionStore } from './state/connection'
import { createClient } from './transport'
import { scopeToProject, subscribeProjectSwitch, switchCount } from './state/project-scope'
import './styles.css'

const client = scopeToProject(createClient((state) => connectionStore.set(state)))
installActivityFeed(client)

function Root() {
  const connection = useSyncExternalStore(connectionStore.subscribe, connectionStore.get)
  // A project switch remounts every view: no React state of the previous project survives it.
  const switches = useSyncExternalStore(subscribeProjectSwitch, switchCount)
  return (
    <ClientProvider client={client}>
      <App key={switches} connection={client.transport === 'ipc' ? 'open' : connection} />
    </ClientProvider>
  )
}

// The view the URL opens is fetched (alongside the connection) before the first render, so it
// shows without a "Loading…" step; a chunk that fails to load suspends and reports as before.
const first = views.find((v) => v.id === parseHash(window.location.hash).view) ?? views[0]
void first
  .preload()
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <Root />
      </StrictMode>,
    ),
  )
