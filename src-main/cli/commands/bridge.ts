import { parseArgs } from 'node:util'
import { CliError, type CliCommand } from '../command'
import { BRIDGE_EMBED_DIR, bridgeState, changeBridge } from '../../builds/bridge-package'
import { requireProjectFolder } from './unity-cli-shared'

const usage = `Usage: slate bridge install|remove|status <project> [--yes] [--json]

The com.slate.bridge Unity package, through which SLATE builds. "install" copies it into the
project as an embedded package (${BRIDGE_EMBED_DIR}, versioned; commit it so teammates and CI
have it) and removes a machine-path "file:" entry an older SLATE put in Packages/manifest.json;
on a project that has it already, it updates it to the version SLATE carries. "remove" deletes it.
"status" says what the project has.

Without --yes, install and remove print what they would change and write nothing.

Options:
  --yes    make the change
  --json   status as one JSON object: { state, installedVersion, bundledVersion, updateAvailable,
           manifestReference }`

export const bridgeCommand: CliCommand = {
  name: 'bridge',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { yes: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } })
    const [action, folder] = positionals
    if (!action || !['install', 'remove', 'status'].includes(action) || !folder || positionals.length > 2) throw new CliError(`expected install, remove or status and a project folder\n\n${usage}`)
    const root = await requireProjectFolder(folder)
    if (action === 'status') {
      const s = await bridgeState(root)
      if (values.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`)
      else {
        const text =
          s.state === 'embedded'
            ? `com.slate.bridge ${s.installedVersion ?? '(no version)'} is embedded in ${BRIDGE_EMBED_DIR}${s.updateAvailable ? `; SLATE has ${s.bundledVersion}: run \`slate bridge install ${folder} --yes\` to update it` : ' (up to date)'}.`
            : s.state === 'reference'
              ? `com.slate.bridge is referenced as "${s.manifestReference}" in Packages/manifest.json: a path on one machine that teammates and CI cannot resolve. Run \`slate bridge install ${folder} --yes\` to embed it instead.`
              : `com.slate.bridge is not installed: SLATE cannot build this project until it is (\`slate bridge install ${folder} --yes\`).`
        process.stdout.write(`${text}\n`)
      }
      return s.state === 'embedded' && !s.updateAvailable ? 0 : 1
    }
    let diff
    try {
      diff = await changeBridge(root, action as 'install' | 'remove', { apply: values.yes })
    } catch (err) {
      throw new CliError((err as Error).message, 1)
    }
    process.stdout.write(`${diff.diff}\n`)
    process.stdout.write(values.yes ? `\nDone.${action === 'install' ? ` Commit ${BRIDGE_EMBED_DIR} so every clone has it.` : ''}\n` : '\nNothing written: run again with --yes to make this change.\n')
    return 0
  },
}
