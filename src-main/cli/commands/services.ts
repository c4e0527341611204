import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../../core/data-dir'
import { startArtifactServer } from '../../services/artifact-server'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate services --only artifacts [--workspace <dir>] [--host 127.0.0.1] [--port 4790]

The backend services of a team server. Available now: artifacts — the build farm's outputs
(<workspace>/artifacts/<jobId>/, kept by \`slate worker\`) over HTTP, for those with the artifact
token: GET /artifacts/<jobId>/ lists a build's files, GET /artifacts/<jobId>/<file> downloads one,
with "Authorization: Bearer <token>". The token is SLATE_ARTIFACTS_TOKEN, or one made on first
start and kept in <workspace>/artifacts.token (0600). /healthz needs no token.
SIGTERM / Ctrl+C stops cleanly.`

export const servicesCommand: CliCommand = {
  name: 'services',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { only: { type: 'string', default: 'artifacts' }, workspace: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: '4790' } },
    })
    const only = (values.only ?? '').split(',').map((s) => s.trim())
    const unknown = only.filter((s) => s !== 'artifacts')
    if (unknown.length) throw new CliError(`unknown service "${unknown[0]}": this SLATE runs artifacts`)
    const workspace = path.resolve(values.workspace ?? path.join(defaultDataDir(), 'workspace'))
    fs.mkdirSync(workspace, { recursive: true })
    const tokenFile = path.join(workspace, 'artifacts.token')
    let token = process.env.SLATE_ARTIFACTS_TOKEN?.trim()
    if (!token) {
      if (!fs.existsSync(tokenFile)) fs.writeFileSync(tokenFile, crypto.randomBytes(24).toString('base64url'), { flag: 'wx', mode: 0o600 })
      token = fs.readFileSync(tokenFile, 'utf8').trim()
    }
    const server = await startArtifactServer({ workspace, token, host: values.host, port: Number(values.port) })
    process.stdout.write(`slate services: artifacts on ${server.url}/artifacts/<jobId>/ (token: ${process.env.SLATE_ARTIFACTS_TOKEN ? 'SLATE_ARTIFACTS_TOKEN' : tokenFile})\n`)
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    await server.close()
    return 0
  },
}
