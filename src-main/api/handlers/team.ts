import { ApiError } from '../../../src-shared/contract-kit'
import type { teamCalls } from '../../../src-shared/contract-team'
import { clearCredentials, credentialsStorage, loadCredentials, saveCredentials } from '../../core/credentials-store'
import type { Handlers } from '../handler'

type TeamCalls = keyof typeof teamCalls

export const teamHandlers: Handlers<TeamCalls> = {
  'team.identity': (core) => {
    const storage = credentialsStorage(core.dataDir)
    const c = storage ? loadCredentials(core.dataDir) : null
    return c && storage ? { name: c.name, role: c.role, storage } : null
  },
  'team.login': (core, { credentials }) => {
    let c: { name?: unknown; role?: unknown; password?: unknown; nats?: { user: string }; postgres?: { user: string }; redis?: { user: string } }
    try {
      c = JSON.parse(credentials)
    } catch {
      throw new ApiError('invalid_argument', 'That is not a credentials file: paste the JSON of credentials/<name>.json that `slate team` wrote')
    }
    if (typeof c?.name !== 'string' || typeof c.role !== 'string' || typeof c.password !== 'string') {
      throw new ApiError('invalid_argument', 'A credentials file has name, role and password: paste the whole credentials/<name>.json')
    }
    saveCredentials(core.dataDir, { name: c.name, role: c.role, password: c.password, nats: c.nats, postgres: c.postgres, redis: c.redis })
    return { name: c.name, role: c.role, storage: credentialsStorage(core.dataDir) ?? 'file' }
  },
  'team.logout': (core) => {
    clearCredentials(core.dataDir)
    return null
  },
}
