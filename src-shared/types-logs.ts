/** A build log's verdict and summary (src-main/logs/build-summary.ts), shown by the console and `slate log`. */
export type BuildLogVerdict = 'succeeded' | 'failed' | 'unknown'

export interface BuildLogSummary {
  verdict: BuildLogVerdict
  /** Unity's (or the tool's) word for the result: `Success`, `Failed`, `Cancelled`, `exit code 1`… */
  result: string | null
  /** The log line that decided the verdict (1-based), and its text. */
  verdictLine: number | null
  verdictText: string | null
  /** Entries at error or exception level / at warning level. */
  errors: number
  warnings: number
  /** The first error the build hit: before the verdict line, not a licensing client's chatter. */
  firstError: { message: string; file?: string; line?: number; logLine: number } | null
  durationSeconds: number | null
}
