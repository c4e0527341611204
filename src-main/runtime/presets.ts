import path from 'node:path'
import { z } from 'zod'
import { runtimePresetSchema } from '../../src-shared/contract-runtime'
import type { RuntimePreset, RuntimePresets } from '../../src-shared/types-runtime'
import { ApiError } from '../../src-shared/api-error'
import { readConfined, writeFileConfined } from '../core/confined-fs'

/**
 * Start presets: built-in ones per runtime type, and the team's own in
 * ProjectSettings/SlateRuntimePresets.json (version-controlled with the project, so everyone
 * starts the server the same way). A project preset with a built-in name replaces it.
 */
export const RUNTIME_PRESETS_FILE = 'ProjectSettings/SlateRuntimePresets.json'

const fileSchema = z.object({ version: z.literal(1), presets: z.record(z.string().min(1).max(80), runtimePresetSchema) })
type PresetsFile = z.infer<typeof fileSchema>

/** A file name of the player SLATE's builds make (build-targets.ts uses the same rule). */
const safeName = (productName: string | null) => (productName ?? '').replace(/[^\w.-]+/g, '_') || 'Game'

/**
 * The built-ins, for the project's product name. The Unity one runs SLATE's own Linux build
 * (Builds/StandaloneLinux64/<Product>.x86_64, the Builds view's default output) as a dedicated
 * server: batch mode, no graphics, the log on stdout so the log aggregator stores it.
 */
export function builtInPresets(productName: string | null): Record<string, RuntimePreset> {
  const name = safeName(productName)
  const base = { env: {}, cpus: 2, memory: '2g', network: true, ports: ['7777/udp'] }
  return {
    'unity-dedicated-server': {
      ...base,
      description: `Unity dedicated server: the Linux build in Builds/StandaloneLinux64 with -batchmode -nographics -logFile - on UDP 7777`,
      runtimeType: 'unity',
      image: 'ubuntu:22.04',
      command: [`/game/${name}.x86_64`, '-batchmode', '-nographics', '-logFile', '-', '-port', '7777'],
      mounts: [{ hostPath: 'Builds/StandaloneLinux64', containerPath: '/game', readOnly: true }],
    },
    'unreal-dedicated-server': {
      ...base,
      description: 'Unreal Linux server build in Builds/LinuxServer (-log to stdout) on UDP 7777',
      runtimeType: 'unreal',
      image: 'ubuntu:22.04',
      command: [`/game/${name}Server.sh`, '-log', '-port=7777'],
      mounts: [{ hostPath: 'Builds/LinuxServer', containerPath: '/game', readOnly: true }],
    },
    'godot-headless-server': {
      ...base,
      description: 'Godot Linux export in Builds/Godot, headless, on UDP 7777',
      runtimeType: 'godot',
      image: 'ubuntu:22.04',
      command: [`/game/${name}.x86_64`, '--headless'],
      mounts: [{ hostPath: 'Builds/Godot', containerPath: '/game', readOnly: true }],
    },
  }
}

async function readFile(root: string): Promise<PresetsFile> {
  let text: string
  try {
    text = (await readConfined(path.resolve(root), RUNTIME_PRESETS_FILE, 1 << 20)).toString('utf8')
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') return { version: 1, presets: {} }
    throw err
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${RUNTIME_PRESETS_FILE} is not valid JSON: ${(e as Error).message}`)
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) throw new Error(`${RUNTIME_PRESETS_FILE}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

export async function readRuntimePresets(root: string, productName: string | null): Promise<RuntimePresets> {
  return { project: (await readFile(root)).presets as Record<string, RuntimePreset>, builtIn: builtInPresets(productName) }
}

/** Save (or replace) one preset in the project's file, keeping the others. */
export async function saveRuntimePreset(root: string, name: string, preset: z.input<typeof runtimePresetSchema>): Promise<void> {
  const file = await readFile(root)
  file.presets[name] = runtimePresetSchema.parse(preset)
  await writeFileConfined(path.resolve(root), RUNTIME_PRESETS_FILE, `${JSON.stringify(file, null, 2)}\n`)
}
