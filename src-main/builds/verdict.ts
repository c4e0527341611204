import type { BridgeBuildReport, BuildFailureKind, BuildResult, BuildStatus } from '../../src-shared/types-builds'

/** Lines Unity prints when it cannot get a licence. Only consulted once the build has failed. */
export const LICENSING_FAILURE =
  /No valid Unity (?:Editor )?licen[sc]e found|No ULF licen[sc]e found|Unity has not been activated|licen[sc]e is not active|Failed to activate (?:the )?licen[sc]e|com\.unity\.editor\.headless was not found|Licen[sc]e (?:activation|update) failed|Cannot load ULF licen[sc]e|\[Licensing::Module\] Error: (?:No licen|Failed to (?:activate|acquire))|no entitlement/i

export interface VerdictInput {
  exitCode: number | null
  signal: string | null
  cancelled: boolean
  /** The parsed report file, or null when there was none. */
  report: BridgeBuildReport | null
  /** Why the report file could not be used (missing, unreadable, not JSON), when it could not. */
  reportProblem: string | null
  /** The first log line that looked like a licensing failure. */
  licensingLine: string | null
  compileErrors: number
  /** A runner failure before or around Unity (spawn error, image missing, container died). */
  runnerError: string | null
}

export interface Verdict {
  status: Exclude<BuildStatus, 'queued' | 'running'>
  result: BuildResult
  failureKind: BuildFailureKind | null
  reason: string | null
}

/**
 * Decide how a build ended. The report file written by the bridge and Unity's exit code are the
 * judges; the log is only evidence used to name a failure (licensing, compile errors) once the
 * judges have said it failed. A log saying "Build succeeded" never makes a build succeed.
 */
export function decideVerdict(v: VerdictInput): Verdict {
  if (v.cancelled) return { status: 'cancelled', result: 'Cancelled', failureKind: null, reason: 'Cancelled by the user.' }
  if (v.runnerError) return fail(v.report?.result ?? 'Unknown', 'runner', v.runnerError)

  const code = v.exitCode
  const exitText = code === null ? `was killed by ${v.signal ?? 'a signal'}` : `exited with code ${code}`
  if (v.report) {
    const r = v.report
    if (r.result === 'Succeeded') {
      if (code === 0) return { status: 'succeeded', result: 'Succeeded', failureKind: null, reason: null }
      return fail('Failed', code === null ? 'crash' : 'exit-code', `Unity's report says Succeeded but Unity ${exitText}: the editor failed after the build (post-build step or crash), so the output cannot be trusted.`)
    }
    if (r.result === 'Cancelled') return { status: 'cancelled', result: 'Cancelled', failureKind: null, reason: 'Unity reports the build was cancelled.' }
    const firstError = r.steps.flatMap((s) => s.messages).find((m) => /error|exception/i.test(m.type))
    const detail = firstError ? ` First error: ${firstError.content.split('\n')[0]}` : ''
    const what = r.result === 'Failed' ? 'Failed' : `"${r.result}"`
    return fail(r.result === 'Unknown' ? 'Unknown' : 'Failed', 'report-failed', `Unity's build report says ${what} with ${r.totalErrors} error(s) (Unity ${exitText}).${detail}`)
  }

  // No report: the build method never finished. Say the most specific thing the evidence supports.
  if (v.licensingLine) {
    return fail('Failed', 'licensing', `Unity could not get a licence, so it never built: "${v.licensingLine.trim()}". Activate Unity on this machine or set UNITY_LICENSE / UNITY_SERIAL+UNITY_EMAIL+UNITY_PASSWORD / a licence server.`)
  }
  if (v.compileErrors > 0) {
    return fail('Failed', 'compile-errors', `Scripts have ${v.compileErrors} compiler error(s), so Unity could not run the build (Unity ${exitText}, no build report).`)
  }
  if (code === 0) {
    return fail('Unknown', 'no-report', `Unity exited with code 0 but wrote no build report (${v.reportProblem ?? 'missing'}): the build method did not run. Is the com.slate.bridge package installed in this project?`)
  }
  if (code === null) return fail('Unknown', 'crash', `Unity ${exitText} before writing a build report.`)
  return fail('Unknown', 'exit-code', `Unity ${exitText} without writing a build report (${v.reportProblem ?? 'missing'}).`)
}

function fail(result: BuildResult, failureKind: BuildFailureKind, reason: string): Verdict {
  return { status: 'failed', result, failureKind, reason }
}

/** Check that a report file has the shape the bridge writes; returns a reason when it does not. */
export function parseBridgeReport(text: string): { report: BridgeBuildReport } | { problem: string } {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    return { problem: `report is not valid JSON: ${(err as Error).message}` }
  }
  const r = raw as Partial<BridgeBuildReport>
  if (!r || typeof r !== 'object') return { problem: 'report is not a JSON object' }
  if (!['Succeeded', 'Failed', 'Cancelled', 'Unknown'].includes(r.result as string)) return { problem: `report has no valid "result" (${JSON.stringify(r.result)})` }
  return {
    report: {
      result: r.result as BuildResult,
      platform: String(r.platform ?? ''),
      outputPath: String(r.outputPath ?? ''),
      totalTimeMs: Number(r.totalTimeMs ?? 0),
      totalSize: Number(r.totalSize ?? 0),
      totalErrors: Number(r.totalErrors ?? 0),
      totalWarnings: Number(r.totalWarnings ?? 0),
      buildStartedAt: String(r.buildStartedAt ?? ''),
      buildEndedAt: String(r.buildEndedAt ?? ''),
      steps: Array.isArray(r.steps) ? r.steps : [],
      packedAssets: Array.isArray(r.packedAssets) ? r.packedAssets : [],
    },
  }
}
