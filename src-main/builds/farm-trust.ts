import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { buildProfileSchema } from '../../src-shared/types-builds'

/**
 * What a build-farm worker accepts. Anyone who can publish on the queue can forge a job, so a
 * worker trusts nothing in it that would make it build any folder or write anywhere: the job is
 * parsed against a strict schema (a field it does not know — a Unity path, an environment — is a
 * refusal, not something ignored), the project must be one this worker was configured to build
 * (a repository of its allow-list, fetched into its own workspace at the job's commit, or a folder
 * of its allow-list), and the output path must stay inside that project. The worker's Unity comes
 * from the worker's own installs, never from the job.
 */
export interface WorkerPolicy {
  /** The worker's own folder: checkouts and artifacts live here. */
  workspace: string
  /** Project folders on this machine it may build (none given: any folder, with a warning at start). */
  projects: string[]
  /** Repositories it may fetch (URLs or paths, as the team writes them). */
  repositories: string[]
}

export const farmJobSchema = z
  .object({
    jobId: z.string().uuid(),
    projectName: z.string().min(1).max(256),
    projectRoot: z.string().min(1).max(4096).optional(),
    source: z
      .object({
        repository: z.string().min(1).max(2048),
        commit: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'a full commit hash (40 or 64 hex digits)'),
      })
      .strict()
      .nullable()
      .optional(),
    profile: buildProfileSchema,
    unityVersion: z.string().regex(/^\d{1,4}\.\d{1,3}\.\d{1,3}[abfpx]\d{1,3}$/).nullable(),
  })
  .strict()

export type TrustedFarmJob = z.infer<typeof farmJobSchema>

export type FarmJobCheck = { ok: true; job: TrustedFarmJob } | { ok: false; reason: string }

const normRepo = (r: string) => r.trim().replace(/\/+$/, '').replace(/\.git$/, '')

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p)
  } catch {
    return null
  }
}

/** What a worker says at start when its policy lets a job name any folder of the machine (null: it does not). */
export function openPolicyWarning(policy: WorkerPolicy): string | null {
  if (policy.projects.length > 0) return null
  return 'WARNING: no --allow-project given, so a job that names a project folder (not a repository) may build any folder of this machine that the worker can read; anyone who can publish on the build queue can send one. Give --allow-project <folder> (and --allow-repo) to limit it.'
}

export function checkFarmJob(raw: unknown, policy: WorkerPolicy): FarmJobCheck {
  const parsed = farmJobSchema.safeParse(raw)
  if (!parsed.success) {
    const unknown = parsed.error.issues.find((i) => i.code === 'unrecognized_keys')
    const why = unknown ? `it carries fields a worker never takes from a job (${(unknown as { keys: string[] }).keys.join(', ')})` : parsed.error.issues.map((i) => `${i.path.join('.') || 'job'}: ${i.message}`).join('; ')
    return { ok: false, reason: `Refused by the worker: ${why}` }
  }
  const job = parsed.data
  if (!job.source && !job.projectRoot) return { ok: false, reason: 'Refused by the worker: the job names neither a repository and commit nor a project folder' }
  // A job from version control is built from the worker's own checkout; its projectRoot (the
  // submitter's folder, kept for history) is never read.
  if (job.source) {
    const allowed = policy.repositories.map(normRepo)
    if (!allowed.includes(normRepo(job.source.repository))) {
      return { ok: false, reason: `Refused by the worker: repository ${job.source.repository} is not one this worker builds (its allow-list has ${policy.repositories.length})` }
    }
  } else if (policy.projects.length > 0) {
    const real = realOrNull(job.projectRoot!)
    const roots = [...policy.projects, path.join(policy.workspace, 'checkouts')].map(realOrNull).filter((r): r is string => r !== null)
    if (!real || !roots.some((r) => inside(r, real))) {
      return { ok: false, reason: `Refused by the worker: ${job.projectRoot} is not inside a project folder this worker builds` }
    }
  }
  const out = job.profile.outputPath
  if (path.isAbsolute(out) || /^[A-Za-z]:[\\/]/.test(out) || out.split(/[\\/]/).includes('..')) {
    return { ok: false, reason: `Refused by the worker: output path "${out}" must be relative to the project and stay inside it` }
  }
  return { ok: true, job }
}
