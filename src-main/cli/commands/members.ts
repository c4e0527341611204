import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { SlateCore } from '../../host/slate-core'
import { startDataServices } from '../../host/start-data-services'
import { projectIdForFolder } from '../../store/project-id'
import { loginRole } from '../../team/postgres-policy'
import { CliError, type CliCommand } from '../command'

const ROLES = ['owner', 'lead', 'developer', 'artist', 'viewer', 'worker', 'services'] as const

const usage = `Usage: slate members <project folder> [list]                      [--pg-prefix slate] [--json]
       slate members <project folder> add NAME[:ROLE] [NAME[:ROLE] …]  [--pg-prefix slate] [--json]
       slate members <project folder> remove NAME [NAME …]            [--pg-prefix slate] [--json]

Who may see a project in a team database under the policies of \`slate team init\`: each member is
the database role of an identity (NAME as given to \`slate team init --user NAME:ROLE\`). The
creator of a project is its owner; leads, services and workers see every project. Adding and
removing members is for leads (the policies refuse anyone else). ROLE: ${ROLES.join(', ')}
(default developer). Uses SLATE_DATABASE_URL.

Options:
  --pg-prefix  the database role prefix given to \`slate team init\` (default slate)
  --json       {project, members: [{member, role, addedAt}]}`

interface MemberRow {
  member: string
  role: string
  addedAt: string
}

export const membersCommand: CliCommand = {
  name: 'members',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'pg-prefix': { type: 'string', default: 'slate' }, json: { type: 'boolean', default: false } } })
    const [folder, verb = 'list', ...names] = positionals
    if (!folder) throw new CliError(usage)
    if (!['list', 'add', 'remove'].includes(verb)) throw new CliError(`expected list, add or remove, not "${verb}"\n\n${usage}`)
    if (verb !== 'list' && names.length === 0) throw new CliError(`${verb} needs at least one NAME\n\n${usage}`)
    const prefix = values['pg-prefix'] ?? 'slate'
    if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new CliError('--pg-prefix: lower-case letters, digits and _, starting with a letter')
    const wanted = names.map((n) => {
      const [name, role = 'developer'] = n.split(':')
      if (!name || !/^[A-Za-z0-9_.-]{1,48}$/.test(name)) throw new CliError(`"${n}": NAME is 1–48 letters, digits, _ . -`)
      if (!(ROLES as readonly string[]).includes(role)) throw new CliError(`"${n}": ROLE is one of ${ROLES.join(', ')}`)
      return { member: loginRole(prefix, name), role }
    })
    const root = path.resolve(folder)
    if (!fs.existsSync(root)) throw new CliError(`there is no folder at ${root}`)
    const projectId = projectIdForFolder(root)
    const core = new SlateCore({ runtime: 'cli' })
    await core.init()
    try {
      const { db } = await startDataServices(core, { migrate: false })
      const exists = await db.query('SELECT 1 FROM slate_projects WHERE id = $1', [projectId])
      if (exists.rowCount === 0) throw new CliError(`${root} is not a project of this database yet (open it in SLATE or run a build of it first)`, 1)
      await db.tx(async (tx) => {
        if (verb === 'add') {
          for (const w of wanted) {
            await tx.query(
              `INSERT INTO slate_project_members (project_id, member, role) VALUES ($1, $2, $3)
               ON CONFLICT (project_id, member) DO UPDATE SET role = EXCLUDED.role`,
              [projectId, w.member, w.role],
            )
          }
        } else if (verb === 'remove') {
          await tx.query('DELETE FROM slate_project_members WHERE project_id = $1 AND member = ANY($2::text[])', [projectId, wanted.map((w) => w.member)])
        }
      })
      const members = (
        await db.query<MemberRow>(`SELECT member, role, to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "addedAt" FROM slate_project_members WHERE project_id = $1 ORDER BY member`, [projectId])
      ).rows
      if (values.json) process.stdout.write(`${JSON.stringify({ project: { id: projectId, root }, members }, null, 2)}\n`)
      else process.stdout.write(members.length ? `${members.map((m) => `${m.member.padEnd(32)} ${m.role}`).join('\n')}\n` : `No members: only leads, services and workers see ${root}.\n`)
      return 0
    } catch (err) {
      if (err instanceof CliError) throw err
      const code = (err as { code?: string }).code
      if (code === '42501') throw new CliError('the database refused: only a lead may change who is a member of a project', 1)
      throw new CliError(`members: ${err instanceof Error ? err.message : String(err)}`, 1)
    } finally {
      await core.dispose()
    }
  },
}
