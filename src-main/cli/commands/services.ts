import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { defaultDataDir } from '../../core/data-dir'
import { startArtifactServer } from '../../services/artifact-server'
import { loadCredentials, withIdentity } from '../../core/credentials-store'
import { NatsBus } from '../../bus/nats-bus'
import { createSubjects } from '../../bus/subjects'
import { startLinkRelay } from '../../link/link-relay'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate services [--only artifacts,link] [--workspace <dir>] [--host 127.0.0.1] [--port 4790] [--link-port 4791]

The backend services of a team server. Available now: artifacts — the build farm's outputs
(<workspace>/artifacts/<jobId>/, kept by \`slate worker\`) over HTTP, for those with the artifact
token: GET /artifacts/<jobId>/ lists a build's files, GET /artifacts/<jobId>/<file> downloads one,
with "Authorization: Bearer <token>". The token is SLATE_ARTIFACTS_TOKEN, or one made on first
start and kept in <workspace>/artifacts.token (0600). /healthz needs no token.
link — the live link for players on other machines: a player started with
-slateLink ws://<this server>:<link-port>/link -slateToken <token of a SLATE> reaches that SLATE
over NATS (SLATE_NATS_URL; the identity from \`slate login\` is used). The token never travels on
the bus: messages are routed by its hash.
SIGTERM / Ctrl+C stops cleanly.`

export const servicesCommand: CliCommand = {
  name: 'services',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        only: { type: 'string', default: 'artifacts' },
        workspace: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4790' },
        'link-port': { type: 'string', default: '4791' },
      },
    })
    const only = (values.only ?? '').split(',').map((s) => s.trim())
    const unknown = only.filter((s) => s !== 'artifacts' && s !== 'link')
    if (unknown.length) throw new CliError(`unknown service "${unknown[0]}": this SLATE runs artifacts and link`)
    const stops: (() => Promise<void>)[] = []
    if (only.includes('link')) stops.push(await startLinkService(values.host ?? '127.0.0.1', Number(values['link-port'])))
    if (!only.includes('artifacts')) {
      await untilSignal()
      for (const stop of stops) await stop()
      return 0
    }
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
    await untilSignal()
    await server.close()
    for (const stop of stops) await stop()
    return 0
  },
}

function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
}

async function startLinkService(host: string, port: number): Promise<() => Promise<void>> {
  const dataDir = defaultDataDir()
  const natsUrl = withIdentity(process.env.SLATE_NATS_URL || undefined, loadCredentials(dataDir), 'nats')
  if (!natsUrl) throw new CliError('the link relay needs NATS: set SLATE_NATS_URL', 2)
  const bus = await NatsBus.connect({ url: natsUrl, name: 'slate-link-relay' })
  const relay = await startLinkRelay({ bus, subjects: createSubjects(process.env.SLATE_SUBJECT_ROOT || 'slate'), host, port })
  process.stdout.write(`slate services: link relay on ${relay.url} (players: -slateLink ${relay.url} -slateToken <token>)\n`)
  return async () => {
    await relay.close()
    await bus.close()
  }
}
