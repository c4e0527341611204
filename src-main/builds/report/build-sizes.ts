import type { BridgeBuildReport, BuildProfile, PackedAsset } from '../../../src-shared/types-builds'
import type { SizeFile, SizeReport } from '../../../src-shared/types-buildsize'
import type { BuildHistoryStore, CompletionSizeMeta } from '../history-store'
import { fromBridgeJson } from './bridge-json-report'
import { budgetsFor, checkBudgets, loadBudgets } from './budgets'
import { previousBuild } from './size-history'

/**
 * The size part of a build's completion (build-session.ts): the bridge's report read into the size
 * model (per-file placement when the bridge wrote it), and the project's size budgets checked
 * against the previous successful build of the same target and kind. A budget problem never fails
 * the build itself: a `fail` budget makes the job say so (and `slate build` exit non-zero).
 */
export async function sizesForCompletion(
  o: { history: BuildHistoryStore; projectRoot: string; profile: BuildProfile; jobId: string },
  reportText: string | null,
  report: BridgeBuildReport | null,
  succeeded: boolean,
): Promise<{ packedAssets: PackedAsset[]; files: SizeFile[]; size: CompletionSizeMeta }> {
  const kind = o.profile.content ?? 'player'
  let model: SizeReport | null = null
  if (reportText && report) {
    try {
      model = fromBridgeJson(JSON.parse(reportText.replace(/^\uFEFF/, '')))
    } catch {
      model = null
    }
  }
  const packedAssets: PackedAsset[] = model
    ? model.packed.map((p) => ({ guid: p.guid, path: p.path, size: p.size, type: p.type, file: p.file, objects: p.objects }))
    : (report?.packedAssets ?? []).map((a) => ({ guid: a.sourceAssetGUID, path: a.sourceAssetPath, size: Number(a.packedSize) || 0, type: a.type }))
  packedAssets.sort((a, b) => b.size - a.size)
  const size: CompletionSizeMeta = { kind: model?.kind ?? kind, format: model ? 'bridge-json' : null, budget: null }
  if (model && succeeded) {
    try {
      const budgets = budgetsFor(await loadBudgets(o.projectRoot), o.profile.id, o.profile.target)
      if (budgets.length) {
        const previous = await previousBuild(o.history, o.projectRoot, o.profile.target, o.jobId, size.kind)
        size.budget = checkBudgets(budgets, { ...model, kind: size.kind }, previous)
      }
    } catch (err) {
      // A broken budgets file is the project's problem, not the build's: say it on the job.
      size.budget = { state: 'warn', checks: [{ rule: 'maxBytes', level: 'warn', limit: 0, actual: 0, exceeded: true, message: (err as Error).message }], culprits: [] }
    }
  }
  return { packedAssets, files: model?.files ?? [], size }
}
