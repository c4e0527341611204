import path from 'node:path'
import { parseArgs } from 'node:util'
import Docker from 'dockerode'
import { SlateCore } from '../../host/slate-core'
import { dataConfigFrom, openDataServices } from '../../store/data-services'
import { LogAggregator } from '../../runtime/log-aggregator'
import { PgLogSink } from '../../runtime/log-sink'
import { RuntimeOrchestrator } from '../../runtime/orchestrator'
import { RuntimeClient, serveOrchestrator } from '../../runtime/orchestrator-service'
import { parseMemory } from '../../runtime/session-config'
import { CliError, type CliCommand } from '../command'

const usage = `Usage: slate runtime start <project> --image <img> [--cmd "…"] [--port P]… [--cpus N] [--memory 512m] [--network] [--json]
       slate runtime list|stop|restart|logs|stats <session> [--json]
       slate runtime exec <session> --cmd "…" [--json]

Runtime sessions in containers (least privilege: uid 1000, no capabilities, read-only root, no
network unless --network or --port). Solo mode runs the orchestrator in this process on the
in-process bus; team mode (SLATE_NATS_URL) asks \`slate services\`'s orchestrator over NATS.
start prints the session id (--json: the session row).`

export const runtimeCommand: CliCommand = {
  name: 'runtime',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        image: { type: 'string' },
        cmd: { type: 'string' },
        port: { type: 'string', multiple: true },
        cpus: { type: 'string' },
        memory: { type: 'string' },
        network: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    })
    const [verb, arg] = positionals
    if (!verb || !['start', 'list', 'stop', 'restart', 'logs', 'stats', 'exec'].includes(verb)) throw new CliError(usage)
    if (verb !== 'list' && !arg) throw new CliError(`slate runtime ${verb} needs ${verb === 'start' ? 'a project folder' : 'a session id'}\n\n${usage}`)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    const cfg = dataConfigFrom(core.dataDir, core.settings.settings)
    const services = await openDataServices({ ...cfg, subjectRoot: process.env.SLATE_SUBJECT_ROOT || cfg.subjectRoot })
    const solo = services.bus.kind !== 'nats'
    const orch = new RuntimeOrchestrator({ docker: new Docker(), store: services.store, db: services.db, bus: services.bus, subjects: services.subjects, follow: false })
    let agg: LogAggregator | null = null
    let served: { stop(): void } | null = null
    if (solo) {
      agg = new LogAggregator({ bus: services.bus, subjects: services.subjects, sink: new PgLogSink(services.db) })
      await agg.start()
      served = serveOrchestrator(services.bus, services.subjects, orch)
      await orch.reconcile() // catches up logs of containers that ran since the last command
      await services.bus.flush()
      await agg.flush()
    }
    const client = new RuntimeClient(services.bus, services.subjects)
    const out = (human: string, json: unknown) => process.stdout.write(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${human}\n`)
    try {
      if (verb === 'start') {
        if (!values.image) throw new CliError('--image is required')
        const s = await client.start({
          projectRoot: path.resolve(arg),
          image: values.image,
          command: values.cmd ? ['/bin/sh', '-c', values.cmd] : [],
          ports: values.port ?? [],
          cpus: values.cpus ? Number(values.cpus) : null,
          memoryBytes: values.memory ? parseMemory(values.memory) : null,
          network: values.network,
        })
        out(s.id, s)
      } else if (verb === 'list') {
        const rows = await orch.list({ projectRoot: arg })
        out(rows.map((s) => `${s.id}  ${s.status.padEnd(8)}  ${String(s.containerConfig.image ?? '')}  ${s.errorMessage ?? ''}`).join('\n'), rows)
      } else if (verb === 'stop' || verb === 'restart') {
        const s = verb === 'stop' ? await client.stop(arg) : await client.restart(arg)
        out(`${s.id} ${s.status}`, s)
      } else if (verb === 'stats') {
        const st = await client.stats(arg)
        out(`cpu ${st.cpuPercent}%  memory ${st.memoryUsedBytes}${st.memoryLimitBytes ? `/${st.memoryLimitBytes}` : ''}  net rx ${st.netRxBytes} tx ${st.netTxBytes}`, st)
      } else if (verb === 'exec') {
        if (!values.cmd) throw new CliError('--cmd is required')
        const r = await client.exec(arg, ['/bin/sh', '-c', values.cmd], values.json ? undefined : (s, text) => (s === 'stderr' ? process.stderr : process.stdout).write(text))
        if (values.json) out('', r)
        return r.exitCode ?? 1
      } else {
        const lines = await services.store.listRuntimeLogs(arg, { limit: 10_000 })
        out(lines.map((l) => `${l.timestamp} ${l.level.padEnd(7)} ${l.message}`).join('\n'), lines)
      }
      return 0
    } catch (err) {
      if (err instanceof CliError) throw err
      throw new CliError(err instanceof Error ? err.message : String(err))
    } finally {
      if (solo) {
        await services.bus.flush()
        await agg?.stop()
      }
      served?.stop()
      await services.close()
    }
  },
}
