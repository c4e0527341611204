import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateProject } from '../../bench/gen-project'
import { writeUnityLog } from './gen-log'

/**
 * A generated Unity project of `assets` assets with a generated log of `logLines` lines in its
 * Logs/ folder, kept in the temp folder between runs (generating 100k assets takes ~10 s). A
 * marker file written last says the folder is complete.
 */
export function generatedProject(assets: number, logLines: number): { root: string; log: string; logErrors: number; logLineCount: number } {
  const root = path.join(os.tmpdir(), `slate-ui-gen-${assets}`)
  const marker = path.join(root, '.slate-generated.json')
  const log = 'Logs/generated.log'
  if (fs.existsSync(marker)) {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as { logLines: number; logErrors: number; logLineCount: number }
    if (m.logLines === logLines) return { root, log, logErrors: m.logErrors, logLineCount: m.logLineCount }
  }
  fs.rmSync(root, { recursive: true, force: true })
  generateProject(root, { assets })
  fs.mkdirSync(path.join(root, 'Logs'), { recursive: true })
  const { errors, lines } = writeUnityLog(path.join(root, log), logLines)
  fs.writeFileSync(marker, JSON.stringify({ logLines, logErrors: errors, logLineCount: lines }))
  return { root, log, logErrors: errors, logLineCount: lines }
}
