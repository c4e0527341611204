import fs from 'node:fs'
import path from 'node:path'
import type { SizeReport } from '../../../src-shared/types-buildsize'
import { openBuildContext, type BuildContext } from '../../builds/context'
import { loadJobSizes } from '../../builds/report/size-history'
import { readReportFile, ReportFormatError } from '../../builds/report/read-report'
import { projectSizeContext } from '../../builds/report/project-context'
import type { ProjectSizeContext } from '../../builds/report/size-analysis'
import { SlateCore } from '../../host/slate-core'
import { isInsideRoot, resolveExistingConfined } from '../../core/confined-fs'
import { CliError } from '../command'
import { openProjectForCli } from './unity-cli-shared'

/**
 * What `slate builds …` subcommands share: a build named by a report file or a job id (a full id or
 * the 8-character prefix `slate history` prints), the data layer opened only when a job id needs
 * it (diffing two files in CI starts no database), and the project's index for GUID resolution.
 */
export class BuildsCliSession {
  private ctx: BuildContext | null = null
  constructor(readonly projectRoot: string | null) {}

  async history() {
    if (!this.ctx) {
      const core = new SlateCore({ runtime: 'cli' })
      await core.init()
      this.ctx = await openBuildContext(core.dataDir, core.settings.settings)
    }
    return this.ctx.history
  }

  async close(): Promise<void> {
    await this.ctx?.close()
  }

  /** A report file, or a job of the history. */
  async load(ref: string): Promise<{ label: string; report: SizeReport; jobId: string | null; profileId: string | null }> {
    if (fs.existsSync(ref) && fs.statSync(ref).isFile()) {
      // A report inside the project is read through the confined path: a link out of it is refused.
      const abs = path.resolve(ref)
      const file = this.projectRoot && isInsideRoot(this.projectRoot, abs) ? resolveExistingConfined(this.projectRoot, path.relative(this.projectRoot, abs)) : abs
      try {
        return { label: path.basename(ref), report: await readReportFile(file), jobId: null, profileId: null }
      } catch (err) {
        if (err instanceof ReportFormatError) throw new CliError(err.message, 1)
        throw err
      }
    }
    if (!/^[0-9a-f-]{6,36}$/i.test(ref)) throw new CliError(`"${ref}" is neither a report file nor a build job id`)
    const history = await this.history()
    let id = ref.toLowerCase()
    if (id.length < 36) {
      const page = await history.list({ ...(this.projectRoot ? { projectRoot: this.projectRoot } : {}), limit: 1000 })
      const matches = page.jobs.filter((j) => j.id.startsWith(id))
      if (matches.length !== 1) throw new CliError(matches.length ? `job id prefix "${ref}" is ambiguous (${matches.length} builds)` : `no build job starts with "${ref}"`, 1)
      id = matches[0].id
    }
    const found = await loadJobSizes(history, id)
    if (!found) throw new CliError(`no build job ${ref}`, 1)
    return { label: `job ${id.slice(0, 8)}`, report: found.report, jobId: id, profileId: found.job.profile?.id ?? null }
  }

  async projectContext(): Promise<ProjectSizeContext | null> {
    if (!this.projectRoot) return null
    return projectSizeContext(await openProjectForCli(this.projectRoot, true))
  }
}
