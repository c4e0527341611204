import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { vi } from 'vitest'
import { main } from '../index'

/** Run `slate <argv>` in this process, with what it writes to stdout and stderr. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true))
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true))
  try {
    return { code: await main(argv), out, err }
  } finally {
    o.mockRestore()
    e.mockRestore()
  }
}

/**
 * Point in-process CLI runs at a team PostgreSQL only (no Redis, no NATS) with a data folder of
 * their own; `restore()` puts the environment back and removes the folder.
 */
export function useTeamDatabaseEnv(databaseUrl: string, prefix = 'slate-cli-'): { dataDir: string; restore(): void } {
  const before = { ...process.env }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  process.env.SLATE_DATA_DIR = dataDir
  process.env.SLATE_DATABASE_URL = databaseUrl
  delete process.env.SLATE_REDIS_URL
  delete process.env.SLATE_NATS_URL
  return {
    dataDir,
    restore() {
      process.env = before
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
