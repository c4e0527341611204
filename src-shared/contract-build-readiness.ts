import { z } from 'zod'
import { call } from './contract-kit'
import type { ProfileValidation } from './types-builds'

/**
 * Whether a build can start on this machine before it starts (src-main/builds/readiness.ts):
 * the editor and its module for the target, the bridge package, the runner (Docker, farm).
 * The Builds view says "Ready to build." only when this and the profile's validation agree.
 */
export const buildReadinessCalls = {
  'builds-readiness.check': call<ProfileValidation>()(
    z.object({ profile: z.unknown(), runner: z.enum(['local', 'docker', 'farm']) }).strict(),
    'What stops a build here: no Unity found, the wrong version, a missing module, no bridge, Docker not running, no farm worker',
  ),
}
