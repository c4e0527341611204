import { z } from 'zod'
import { call } from './contract-kit'
import type { PackageFetchReport } from './types-unity'

/**
 * Unity packages the project needs (src-main/unity/packages): fetching the registry packages that
 * are not on this machine into SLATE's own cache, so references into them can be checked.
 */
const httpUrl = z
  .string()
  .max(2000)
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), 'must be an http:// or https:// URL')

export const packagesCalls = {
  'packages.fetch': call<PackageFetchReport>()(
    z.object({ registry: httpUrl.optional() }).strict(),
    "Download the registry packages the project needs that are not on this machine (exact versions, checksums verified) into SLATE's package cache, then re-index",
  ),
} as const
