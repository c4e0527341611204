import { StrictMode, useSyncExternalStore } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { ClientProvider } from './state/client'
import { installActivityFeed } from './state/activity'
import { connectionStore } from './state/connection'
import { createClient } from './transport'
import './styles.css'

const client = createClient((state) => connectionStore.set(state))
installActivityFeed(client)

function Root() {
  const connection = useSyncExternalStore(connectionStore.subscribe, connectionStore.get)
  return (
    <ClientProvider client={client}>
      <App connection={client.transport === 'ipc' ? 'open' : connection} />
    </ClientProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)
