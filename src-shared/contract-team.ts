import { z } from 'zod'
import { call } from './contract-kit'

/** This machine's team identity (src-main/core/credentials-store.ts; `slate team`, `slate login`). */
export interface TeamIdentity {
  name: string
  role: string
  /** keychain: encrypted by the OS (desktop app); file: a 0600 file (no keychain here). */
  storage: 'keychain' | 'file'
}

export const teamCalls = {
  'team.identity': call<TeamIdentity | null>()(z.object({}).strict(), "This machine's team identity, or null"),
  'team.login': call<TeamIdentity>()(
    z.object({ credentials: z.string().min(2).max(64 * 1024) }).strict(),
    'Store a credentials file written by `slate team` (its JSON text) as this machine\'s identity; used from the next start',
  ),
  'team.logout': call<null>()(z.object({}).strict(), "Forget this machine's team identity"),
}
