import type { ParseArgsConfig } from 'node:util'
import type { FarmWorkerSettings } from '../../builds/worker-setup'

/** The flags of a farm worker, taken by `slate worker` and by `slate services` (its build service). */
export const workerFlags = {
  runner: { type: 'string', default: 'local' },
  targets: { type: 'string' },
  unity: { type: 'string' },
  name: { type: 'string' },
  'ack-wait-ms': { type: 'string', default: '60000' },
  image: { type: 'string' },
  cpus: { type: 'string' },
  memory: { type: 'string' },
  'allow-repo': { type: 'string', multiple: true, default: [] as string[] },
  'allow-project': { type: 'string', multiple: true, default: [] as string[] },
} satisfies ParseArgsConfig['options']

export const workerFlagsUsage = `[--runner local|docker] [--targets T1,T2] [--unity <path>] [--name N]
                    [--ack-wait-ms N] [--image I] [--cpus N] [--memory BYTES]
                    [--allow-repo <url>]… [--allow-project <dir>]…`

interface Values {
  runner?: string
  targets?: string
  unity?: string
  name?: string
  'ack-wait-ms'?: string
  image?: string
  cpus?: string
  memory?: string
  'allow-repo'?: string[]
  'allow-project'?: string[]
  workspace?: string
}

export function workerSettingsFrom(values: Values): FarmWorkerSettings {
  return {
    runner: values.runner,
    targets: values.targets,
    unity: values.unity,
    name: values.name,
    ackWaitMs: Number(values['ack-wait-ms']) || 60_000,
    image: values.image,
    cpus: values.cpus ? Number(values.cpus) : undefined,
    memoryBytes: values.memory ? Number(values.memory) : undefined,
    workspace: values.workspace,
    allowRepo: values['allow-repo'],
    allowProject: values['allow-project'],
  }
}
