import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Docker from 'dockerode'
import { collectDefaultMetrics, Registry } from 'prom-client'
import { WorkerSettingsError } from '../../builds/worker-setup'
import { selectBackendServices, startBackendServices, type BackendServiceGroup } from '../../core/backend-runner'
import { startServicesHttp } from '../../core/services-http'
import { BACKEND_SERVICES, type BackendDeps } from '../../host/backend-services'
import { answerServicesStatus } from '../../host/services-status'
import { SlateCore } from '../../host/slate-core'
import { dataConfigFrom, openDataServices } from '../../store/data-services'
import { CliError, type CliCommand } from '../command'
import { workerFlags, workerFlagsUsage, workerSettingsFrom } from './worker-flags'

const usage = `Usage: slate services [--only ${BACKEND_SERVICES.map((e) => e.name).join(',')}] [--json]
                      [--host 127.0.0.1] [--port 4790] [--link-port 4791] [--workspace <dir>]
                      [--logs-interval-ms 5000]
                      ${workerFlagsUsage}

The backend services of a team server, as NATS listeners in queue groups: run it on several
machines and they share the work (each request, job or log message goes to one instance).
Default: every service that can run with the configured servers (SLATE_DATABASE_URL,
SLATE_NATS_URL, a Docker engine); --only names some (and fails if one cannot run).

${BACKEND_SERVICES.map((e) => `  ${e.name.padEnd(10)} ${e.what}`).join('\n')}

One HTTP port (--host/--port): GET /healthz — JSON of each service's health, 200 when all are ok,
503 otherwise (no token) — and GET /metrics (Prometheus). The artifacts service adds
/artifacts/<jobId>/ to it (with "Authorization: Bearer <token>": SLATE_ARTIFACTS_TOKEN, or
<workspace>/artifacts.token made on first start). The link relay has its own WebSocket port
(--link-port). The build service takes the flags of \`slate worker\`.

Readiness: a line per service on stdout ("slate services: <name> ready: …"), then
"slate services: ready on <url>"; with --json one JSON line {"ready":true,"url",…,"services":[…]}.
SIGTERM / Ctrl+C drains every service (no new work; what is in flight finishes or goes back to its
queue), then exits 0. A second signal exits at once (code 130).`

export const servicesCommand: CliCommand = {
  name: 'services',
  usage,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...workerFlags,
        only: { type: 'string' },
        json: { type: 'boolean', default: false },
        workspace: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '4790' },
        'link-port': { type: 'string', default: '4791' },
        'logs-interval-ms': { type: 'string' },
      },
    })
    const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null
    const unknown = only?.find((n) => !BACKEND_SERVICES.some((e) => e.name === n))
    if (unknown !== undefined) throw new CliError(`unknown service "${unknown}": this SLATE runs ${BACKEND_SERVICES.map((e) => e.name).join(', ')}`)
    const port = Number(values.port)
    const linkPort = Number(values['link-port'])
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${values.port}"`)
    if (!Number.isInteger(linkPort) || linkPort < 0 || linkPort > 65535) throw new CliError(`--link-port must be a port number, not "${values['link-port']}"`)
    const host = values.host ?? '127.0.0.1'
    const json = values.json === true
    const say = (human: string) => {
      if (!json) process.stdout.write(`slate services: ${human}\n`)
    }
    const log = (line: string) => process.stderr.write(`slate services: ${line}\n`)

    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    const cfg = dataConfigFrom(core.dataDir, core.settings.settings)
    const data = await openDataServices({ ...cfg, subjectRoot: process.env.SLATE_SUBJECT_ROOT || cfg.subjectRoot })
    const closers: (() => Promise<void>)[] = [() => data.close()]
    const closeAll = async () => {
      for (const c of closers.splice(0).reverse()) await c().catch((err: Error) => log(`closing: ${err.message}`))
    }

    let group: BackendServiceGroup | null = null
    const metrics = new Registry()
    collectDefaultMetrics({ register: metrics })
    let signals = 0
    let drained: () => void = () => undefined
    const stopping = new Promise<void>((resolve) => (drained = resolve))
    const onSignal = () => {
      signals++
      if (signals > 1) {
        log('second signal: exiting now')
        process.exit(130)
      }
      drained()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      const http = await startServicesHttp({ host, port, metrics, group: () => group }).catch((err: Error) => {
        throw new CliError(`cannot listen on ${host}:${port}: ${err.message}`, 1)
      })
      closers.push(() => http.close())
      const docker = new Docker()
      const dockerReachable = await Promise.race([docker.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())])
      const deps: BackendDeps = {
        data,
        dataDir: core.dataDir,
        solo: false,
        http,
        dockerReachable,
        docker,
        workspace: path.resolve(values.workspace ?? path.join(core.dataDir, 'workspace')),
        artifactsToken: process.env.SLATE_ARTIFACTS_TOKEN,
        linkHost: host,
        linkPort,
        worker: workerSettingsFrom(values),
        settingUnity: core.settings.settings.unityPath,
        logsIntervalMs: values['logs-interval-ms'] ? Number(values['logs-interval-ms']) : undefined,
      }
      let selection: ReturnType<typeof selectBackendServices<BackendDeps>>
      try {
        selection = selectBackendServices(BACKEND_SERVICES, deps, only)
      } catch (err) {
        throw new CliError((err as Error).message)
      }
      for (const s of selection.skipped) log(`${s.name} not started: ${s.why}`)
      if (!selection.selected.length) throw new CliError('no service can run here (see above)')
      const ctx = { metrics, log }
      group = await startBackendServices(selection.selected, deps, ctx, (s) => say(`${s.name} ready: ${s.health().detail}`)).catch((err: Error) => {
        throw new CliError(err.message, err.cause instanceof WorkerSettingsError ? 2 : 1)
      })
      const running = group
      closers.push(() => running.drain())
      if (data.bus.kind === 'nats') {
        const stopAnswering = answerServicesStatus(data.bus, data.subjects, { instance: `${os.hostname()}-${process.pid}`, url: http.url }, () => running.status())
        closers.push(async () => stopAnswering())
      }
      if (json) {
        process.stdout.write(
          `${JSON.stringify({ ready: true, url: http.url, pid: process.pid, subjectRoot: data.subjects.root, bus: data.bus.kind, services: running.status(), skipped: selection.skipped })}\n`,
        )
      } else say(`ready on ${http.url} (/healthz, /metrics): ${running.services.map((s) => s.name).join(', ')}`)

      await stopping
      if (json) process.stdout.write(`${JSON.stringify({ draining: true })}\n`)
      else say('draining…')
      const inFlight = running.status().reduce((n, s) => n + s.inFlight, 0)
      if (inFlight) log(`finishing ${inFlight} piece(s) of work in flight`)
      await closeAll()
      if (json) process.stdout.write(`${JSON.stringify({ stopped: true })}\n`)
      else say('stopped')
      return 0
    } finally {
      await closeAll()
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  },
}
