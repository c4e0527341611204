import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { CliError, type CliCommand } from '../command'
import { BuildLogSummarizer, UnityLogParser, type LogEntry } from '../../logs'
import type { BuildLogSummary } from '../../logs'

const usage = `Usage: slate log <file> [--json] [--level error|warning|info] [--all]

Read a Unity Editor or build log (and what Gradle, the Android tools, IL2CPP, Bee, Burst, Xcode and
the .NET compilers printed into it) and say how the build went, judged by what the log says about
the build: Unity's result line, how batch mode exited, or the tool's own verdict; "unknown" when
the log does not say.

Exit code: 0 when the verdict is succeeded, 1 when failed, 3 when unknown, 2 for a bad argument.

Options:
  --json           one JSON object: { file, summary: { verdict, result, errors, warnings,
                   firstError, durationSeconds, verdictLine, verdictText }, entries: [{ level,
                   kind, tool, headline, message, file, line, column, code, firstLine,
                   lastLine }] }
                   (entries at --level and above)
  --level <level>  the least level of the entries listed: error (default), warning or info
  --all            same as --level info`

const RANK = { info: 0, warning: 1, error: 2, exception: 2 } as const

export interface LogReport {
  file: string
  summary: BuildLogSummary
  entries: Array<Pick<LogEntry, 'level' | 'kind' | 'message' | 'firstLine' | 'lastLine'> & Partial<Pick<LogEntry, 'tool' | 'headline' | 'file' | 'line' | 'column' | 'code'>>>
}

/** Stream a log file through the same parser as the console, keeping only the entries wanted. */
export async function readLogReport(file: string, least: keyof typeof RANK): Promise<LogReport> {
  const parser = new UnityLogParser()
  const summarizer = new BuildLogSummarizer()
  const entries: LogReport['entries'] = []
  const keep = (list: LogEntry[]) => {
    summarizer.add(list)
    for (const e of list) {
      if (RANK[e.level] < RANK[least]) continue
      entries.push({
        level: e.level,
        kind: e.kind,
        ...(e.tool ? { tool: e.tool } : {}),
        ...(e.headline ? { headline: e.headline } : {}),
        message: e.message,
        ...(e.file ? { file: e.file, line: e.line } : {}),
        ...(e.column ? { column: e.column } : {}),
        ...(e.compiler?.code || e.code ? { code: e.compiler?.code ?? e.code } : {}),
        firstLine: e.firstLine,
        lastLine: e.lastLine,
      })
    }
  }
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) keep(parser.push(chunk as Buffer))
  keep(parser.end())
  return { file, summary: summarizer.summary(), entries }
}

export function formatSummary(s: BuildLogSummary): string {
  const verdict = s.verdict === 'unknown' ? 'UNKNOWN (the log does not say how the build ended)' : s.verdict.toUpperCase()
  const out = [`Build ${verdict}${s.result && s.verdict !== 'unknown' ? ` (${s.result})` : ''}${s.durationSeconds !== null ? ` in ${s.durationSeconds.toFixed(1)} s` : ''}`]
  if (s.verdictText) out.push(`  decided by line ${s.verdictLine}: ${s.verdictText}`)
  out.push(`  ${s.errors} error(s), ${s.warnings} warning(s)`)
  if (s.firstError) out.push(`  first error: ${s.firstError.file ? `${s.firstError.file}:${s.firstError.line}: ` : ''}${s.firstError.message} (log line ${s.firstError.logLine})`)
  return out.join('\n')
}

export const logCommand: CliCommand = {
  name: 'log',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, level: { type: 'string' }, all: { type: 'boolean', default: false } },
    })
    if (positionals.length !== 1) throw new CliError(`expected one log file\n\n${usage}`)
    const level = values.all ? 'info' : (values.level ?? 'error')
    if (!(level in RANK)) throw new CliError(`--level must be error, warning or info (got "${level}")`)
    const file = positionals[0]
    let st: fs.Stats
    try {
      st = fs.statSync(file)
    } catch {
      throw new CliError(`"${file}" does not exist`)
    }
    if (st.isDirectory()) throw new CliError(`"${file}" is a folder; give the log file (Editor.log, the -logFile of a build)`)
    const report = await readLogReport(file, level as keyof typeof RANK)
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    } else {
      const lines = report.entries.map((e) => {
        const where = e.file ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : ''
        const title = e.headline ?? e.message.split('\n', 1)[0]
        return `${String(e.firstLine).padStart(7)}  ${e.level.padEnd(9)} ${e.tool ? `[${e.tool}] ` : ''}${where}${title.length > 300 ? `${title.slice(0, 299)}…` : title}`
      })
      process.stdout.write(`${[...lines, ...(lines.length ? [''] : []), formatSummary(report.summary)].join('\n')}\n`)
    }
    return report.summary.verdict === 'succeeded' ? 0 : report.summary.verdict === 'failed' ? 1 : 3
  },
}
