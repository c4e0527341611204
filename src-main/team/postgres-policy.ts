import crypto from 'node:crypto'
import { ROLES, WRITABLE_TABLES, type Role } from './roles'

/**
 * The team database's own access control, as SQL for its owner to run after `slate migrate`:
 * a group role per SLATE role, a login role per identity (SCRAM-SHA-256 verifier, never the plain
 * password), grants by role, row-level security so a member sees and changes only the rows of
 * projects they belong to (slate_project_members), and an audit trail: every write statement
 * records who made it in slate_analytics_events ("audit.<table>.<op>"). Policies are derived from
 * the columns each table has (project_id, job_id, session_id), so tables added by later
 * migrations are covered when the SQL is applied again. Table owners (migrations, the embedded
 * solo database) are not subject to RLS.
 */
export interface PgIdentity {
  name: string
  role: Role
  /** scramVerifier(password): the server checks passwords against it; the SQL never holds one. */
  verifier: string
}

/** PostgreSQL's SCRAM-SHA-256 verifier (RFC 5802/7677), as `CREATE ROLE … PASSWORD` accepts it. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = crypto.randomBytes(16)
  const salted = crypto.pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256')
  const clientKey = crypto.createHmac('sha256', salted).update('Client Key').digest()
  const storedKey = crypto.createHash('sha256').update(clientKey).digest()
  const serverKey = crypto.createHmac('sha256', salted).update('Server Key').digest()
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`
}

export const groupRole = (prefix: string, role: Role) => `${prefix}_${role}`
export const loginRole = (prefix: string, name: string) => `${prefix}_u_${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63)

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`

export function renderPostgresSql(users: PgIdentity[], prefix = 'slate'): string {
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(prefix)) throw new Error(`role prefix "${prefix}" must be lower-case letters, digits and _`)
  const out: string[] = [
    '-- SLATE team database access control, written by `slate team init`. Run as the database owner',
    '-- after `slate migrate` (psql -v ON_ERROR_STOP=1 -f postgres.sql <team database>); running it again is safe.',
    'BEGIN;',
  ]
  for (const role of ROLES) {
    const g = groupRole(prefix, role)
    out.push(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${lit(g)}) THEN CREATE ROLE ${ident(g)} NOLOGIN; END IF; END $$;`)
    out.push(`GRANT USAGE ON SCHEMA public TO ${ident(g)};`)
    out.push(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${ident(g)};`)
    out.push(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(g)};`)
    const w = WRITABLE_TABLES[role]
    if (w === 'all') out.push(`GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident(g)};`)
    else if (w.length > 0) {
      out.push(`DO $$ DECLARE t text; BEGIN FOREACH t IN ARRAY ARRAY[${w.map(lit).join(', ')}] LOOP`)
      out.push(`  IF to_regclass('public.' || t) IS NOT NULL THEN EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO ${ident(g).replace(/%/g, '%%')}', t); END IF;`)
      out.push('END LOOP; END $$;')
    }
  }
  // Membership is managed by leads; everyone may read it (the policies below do).
  out.push(`REVOKE INSERT, UPDATE, DELETE ON slate_project_members FROM ${ROLES.filter((r) => r !== 'lead').map((r) => ident(groupRole(prefix, r))).join(', ')};`)
  for (const u of users) {
    const r = loginRole(prefix, u.name)
    out.push(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${lit(r)}) THEN CREATE ROLE ${ident(r)} LOGIN; END IF; END $$;`)
    out.push(`ALTER ROLE ${ident(r)} LOGIN PASSWORD ${lit(u.verifier)};`)
    for (const other of ROLES) if (other !== u.role) out.push(`REVOKE ${ident(groupRole(prefix, other))} FROM ${ident(r)};`)
    out.push(`GRANT ${ident(groupRole(prefix, u.role))} TO ${ident(r)};`)
  }
  const bypass = (['lead', 'services', 'worker'] as Role[]).map((r) => `pg_has_role(current_user, ${lit(groupRole(prefix, r))}, 'MEMBER')`).join(' OR ')
  out.push(
    `CREATE OR REPLACE FUNCTION slate_can_see_project(p uuid) RETURNS boolean LANGUAGE sql STABLE AS $$`,
    `  SELECT ${bypass} OR EXISTS (SELECT 1 FROM slate_project_members m WHERE m.project_id = p AND m.member = current_user)`,
    `$$;`,
    // The creator of a project becomes its member (the function runs as the owner, who may write memberships).
    `CREATE OR REPLACE FUNCTION slate_add_creator() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$`,
    `BEGIN`,
    `  IF NOT (${bypass.replace(/current_user/g, 'session_user')}) THEN`,
    `    INSERT INTO slate_project_members (project_id, member, role) VALUES (NEW.id, session_user, 'owner') ON CONFLICT DO NOTHING;`,
    `  END IF;`,
    `  RETURN NULL;`,
    `END $$;`,
    `DROP TRIGGER IF EXISTS slate_add_creator ON slate_projects;`,
    `CREATE TRIGGER slate_add_creator AFTER INSERT ON slate_projects FOR EACH ROW EXECUTE FUNCTION slate_add_creator();`,
    // One audit row per write statement and project: who, what, how many rows.
    `CREATE OR REPLACE FUNCTION slate_audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$`,
    `DECLARE col text := TG_ARGV[0]; rows_rel text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;`,
    `BEGIN`,
    `  EXECUTE format($q$INSERT INTO slate_analytics_events (project_id, user_id, name, properties)`,
    `    SELECT CASE WHEN %L = 'DELETE' AND %L = 'slate_projects' THEN NULL ELSE r.%I END, session_user, %L, jsonb_build_object('rows', count(*), 'table', %L)`,
    `    FROM %I r WHERE r.%I IS NULL OR EXISTS (SELECT 1 FROM slate_projects p WHERE p.id = r.%I) GROUP BY r.%I$q$,`,
    `    TG_OP, TG_TABLE_NAME, col, 'audit.' || TG_TABLE_NAME || '.' || lower(TG_OP), TG_TABLE_NAME, rows_rel, col, col, col);`,
    `  RETURN NULL;`,
    `END $$;`,
  )
  // Row-level security and audit triggers, table by table, from the columns each table has.
  out.push(`DO $$
DECLARE t record; op text; via text;
BEGIN
  FOR t IN
    SELECT c.relname AS name,
           bool_or(a.attname = 'project_id') AS has_project,
           bool_or(a.attname = 'job_id') AS has_job,
           bool_or(a.attname = 'session_id') AS has_session
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'slate\\_%' AND c.relname NOT IN ('slate_schema_migrations', 'slate_project_members', 'slate_sync_outbox', 'slate_sync_state')
    GROUP BY c.relname
  LOOP
    via := CASE
      WHEN t.name = 'slate_projects' THEN 'slate_can_see_project(id)'
      WHEN t.has_project THEN 'slate_can_see_project(project_id)'
      WHEN t.has_job THEN 'EXISTS (SELECT 1 FROM slate_build_jobs j WHERE j.id = job_id)'
      WHEN t.has_session THEN 'EXISTS (SELECT 1 FROM slate_runtime_sessions s WHERE s.id = session_id)'
      ELSE NULL END;
    CONTINUE WHEN via IS NULL;
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.name);
    EXECUTE format('DROP POLICY IF EXISTS slate_members ON %I', t.name);
    EXECUTE format('DROP POLICY IF EXISTS slate_members_insert ON %I', t.name);
    IF t.name = 'slate_projects' THEN
      EXECUTE format('CREATE POLICY slate_members ON %I FOR ALL USING (%s)', t.name, via);
      EXECUTE format('CREATE POLICY slate_members_insert ON %I FOR INSERT WITH CHECK (true)', t.name);
    ELSE
      EXECUTE format('CREATE POLICY slate_members ON %I FOR ALL USING (%s) WITH CHECK (%s)', t.name, via, via);
    END IF;
    -- log lines and analytics are the high-volume tables: an audit row per statement there would double them
    IF (t.name = 'slate_projects' OR t.has_project) AND t.name NOT IN ('slate_analytics_events', 'slate_asset_logs') THEN
      FOREACH op IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS slate_audit_%s ON %I', lower(op), t.name);
        EXECUTE format('CREATE TRIGGER slate_audit_%s AFTER %s ON %I REFERENCING %s TABLE AS %s FOR EACH STATEMENT EXECUTE FUNCTION slate_audit(%L)',
          lower(op), op, t.name, CASE WHEN op = 'DELETE' THEN 'OLD' ELSE 'NEW' END, CASE WHEN op = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END,
          CASE WHEN t.name = 'slate_projects' THEN 'id' ELSE 'project_id' END);
      END LOOP;
    END IF;
  END LOOP;
END $$;`)
  out.push('COMMIT;', '')
  return out.join('\n')
}
