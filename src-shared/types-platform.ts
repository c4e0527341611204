/**
 * Per-platform build settings a team needs in a profile, passed to Unity through the bridge
 * (`-slatePlatform <json>`, read by resources/unity-package/Editor/BuildCommand.cs).
 *
 * Secrets are never stored here: the Android keystore's passwords are the NAMES of environment
 * variables that hold them on the machine that builds (a CI secret, a developer's shell).
 */
import { z } from 'zod'

export const ANDROID_ARCHITECTURES = ['ARMv7', 'ARM64', 'X86_64'] as const
export type AndroidArchitecture = (typeof ANDROID_ARCHITECTURES)[number]

export interface AndroidKeystoreRef {
  /** Project-relative or absolute path of the .keystore / .jks file. */
  path: string
  alias: string
  /** Names of the environment variables that hold the passwords. */
  passwordEnv: string
  aliasPasswordEnv: string
}

export interface AndroidSettings {
  format?: 'apk' | 'aab'
  minSdk?: number
  targetSdk?: number
  architectures?: AndroidArchitecture[]
  keystore?: AndroidKeystoreRef
}

export interface WebGLSettings {
  /** `APPLICATION:Default`, `APPLICATION:Minimal`, `PROJECT:<folder under Assets/WebGLTemplates>`. */
  template?: string
  compression?: 'disabled' | 'gzip' | 'brotli'
}

export interface IOSSettings {
  /** The Apple developer team id (10 characters). */
  teamId?: string
  signing?: 'automatic' | 'manual'
  /** Manual signing: the provisioning profile's UUID. */
  provisioningProfileId?: string
}

export interface PlatformSettings {
  android?: AndroidSettings
  webgl?: WebGLSettings
  ios?: IOSSettings
}

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'the NAME of an environment variable (letters, digits, _), never the password itself')

export const platformSettingsSchema = z
  .object({
    android: z
      .object({
        format: z.enum(['apk', 'aab']).optional(),
        minSdk: z.number().int().min(16).max(100).optional(),
        targetSdk: z.number().int().min(16).max(100).optional(),
        architectures: z.array(z.enum(ANDROID_ARCHITECTURES)).max(3).optional(),
        keystore: z.object({ path: z.string().min(1).max(4096), alias: z.string().min(1).max(200), passwordEnv: envName, aliasPasswordEnv: envName }).strict().optional(),
      })
      .strict()
      .optional(),
    webgl: z
      .object({
        template: z.string().regex(/^(?:APPLICATION|PROJECT):[\w .-]{1,100}$/, 'APPLICATION:<name> or PROJECT:<folder>').optional(),
        compression: z.enum(['disabled', 'gzip', 'brotli']).optional(),
      })
      .strict()
      .optional(),
    ios: z
      .object({
        teamId: z.string().regex(/^[A-Z0-9]{10}$/, 'ten capital letters or digits').optional(),
        signing: z.enum(['automatic', 'manual']).optional(),
        provisioningProfileId: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
