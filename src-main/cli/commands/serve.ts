import { parseArgs } from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CliError, type CliCommand } from '../command'
import { SlateCore } from '../../host/slate-core'
import { startServer } from '../../serve/server'
import { ApiError } from '../../../src-shared/contract-kit'
import { startCoreServices } from '../../host/start-services'
import { startLink } from '../../api/handlers/link'
import { isUnityProject } from '../../unity/project-summary'

const usage = `Usage: slate serve <project> [--port N] [--host H] [--token T] [--allow-open DIR[,DIR…]]

Serve SLATE's UI and API to a browser, bound to one Unity project (and, with --allow-open, the
others listed: the page can switch between these, never to a folder it names itself).
Listens on 127.0.0.1 unless --host says otherwise, and prints a URL with a random token:
every request and WebSocket call without that token is refused.

Options:
  --port N    port to listen on (default 4780; 0 picks a free one)
  --host H    address to bind (default 127.0.0.1). 0.0.0.0 exposes the IDE to your network.
  --token T   use this token instead of a random one (for scripts; keep it secret)
  --renderer D  folder of the built UI (default: out/renderer of this install)
  --allow-open DIR[,DIR…]  Unity projects the page may switch to (repeatable)`

export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  // Source layout (src-main/cli/commands) and built layout (out/main) both sit under the package root.
  for (const up of ['../../..', '../..', '..']) {
    const candidate = path.resolve(here, up, 'out', 'renderer')
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate
  }
  return path.resolve(here, '../../..', 'out', 'renderer')
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '4780' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string' },
        renderer: { type: 'string' },
        'allow-open': { type: 'string', multiple: true },
      },
    })
    if (positionals.length !== 1) throw new CliError(`expected one project folder\n\n${usage}`)
    const port = Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, got "${values.port}"`)
    const rendererDir = path.resolve(values.renderer ?? defaultRendererDir())
    if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
      throw new CliError(`the UI is not built (no ${path.join(rendererDir, 'index.html')}). Run \`npm run build\` first.`)
    }
    if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
      process.stderr.write(
        `slate serve: WARNING: listening on ${values.host} exposes this project's files and builds to every machine that can reach it. Anyone with the token has full access.\n`,
      )
    }
    // The served project stays one of them: the page can switch back to it.
    const openable = [path.resolve(positionals[0]), ...(await openableProjects(values['allow-open'] ?? []))]
    const core = new SlateCore({ runtime: 'serve', lockedProject: true, openable })
    await core.init()
    try {
      await core.openProject(path.resolve(positionals[0]))
    } catch (err) {
      if (err instanceof ApiError) throw new CliError(err.message)
      throw err
    }
    await startCoreServices(core)
    const link = await startLink(core)
    const server = await startServer({ core, rendererDir, host: values.host!, port, token: values.token })
    const project = core.requireProject()
    process.stdout.write(`SLATE is serving ${project.productName ?? project.folderName} (Unity ${project.unityVersion ?? 'unknown'})\n`)
    process.stdout.write(`  ${server.url}\n`)
    if (link) process.stdout.write(`  live link for Unity: ${link.link.server.url} (${link.link.status().discoveryFile ?? 'no discovery file'})\n`)
    process.stdout.write('Press Ctrl+C to stop.\n')
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    process.stdout.write('slate serve: stopping…\n')
    await server.close()
    await core.dispose()
    return 0
  },
}

/** The --allow-open folders, resolved now; each must be a Unity project (a typo is said at start). */
async function openableProjects(values: string[]): Promise<string[]> {
  const out: string[] = []
  for (const dir of values.flatMap((v) => v.split(',')).map((d) => d.trim()).filter(Boolean)) {
    const root = path.resolve(dir)
    if (!(await isUnityProject(root))) throw new CliError(`--allow-open ${dir}: not a Unity project (no ProjectSettings folder at ${root})`)
    out.push(root)
  }
  return out
}
