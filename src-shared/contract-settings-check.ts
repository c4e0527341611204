import { z } from 'zod'
import { call } from './contract-kit'

/** Settings checked before they are saved, and "Test connection" per server (src-main/core/settings-connect.ts). */
export const settingsCheckCalls = {
  'settings-check.test': call<{ ok: boolean; message: string; ms: number }>()(
    z.object({ key: z.enum(['databaseUrl', 'redisUrl', 'natsUrl', 'unityPath']), value: z.string().max(4096) }).strict(),
    'Try one setting: connect to the server once with a short timeout, or check that the Unity path is an editor',
  ),
}
