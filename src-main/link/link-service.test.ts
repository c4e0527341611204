import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { createSubjects } from '../bus/subjects'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from '../store/data-store'
import { migrate } from '../store/migrations'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import type { LinkSessionInfo } from '../../src-shared/types-link'
import { LinkService, type LinkSink } from './link-service'
import { RuntimeRecorder } from './runtime-recorder'
import { discoveryFileMode } from './discovery-file'
import { runStandin } from './testing/standin-process'
import type { LinkProcess } from './link-process'

let t: TestDatabase
let store: DataStore
let project: string

beforeAll(async () => {
  t = await createTestDatabase('slate_test_link')
  await migrate(t.db)
  store = new DataStore({ primary: t.db, local: null, cache: new MemoryCache(`link-${randomUUID()}:`), bus: new InProcessBus(), subjects: createSubjects('slate'), clientId: 'link-test' })
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-link-'))
  fs.mkdirSync(path.join(project, 'ProjectSettings'))
})
afterAll(async () => {
  await store?.close()
  await t?.drop()
  fs.rmSync(project, { recursive: true, force: true })
})

function quietSink(onLogs?: LinkSink['logs']): LinkSink {
  return { sessions: () => {}, state: () => {}, frames: () => {}, compile: () => {}, logs: onLogs ?? (() => {}) }
}

const once = <T extends unknown[]>(emitter: { once(ev: string, fn: (...a: T) => void): unknown }, ev: string) => new Promise<T>((r) => emitter.once(ev, (...a: T) => r(a)))

describe('LinkService with the stand-in and the database', () => {
  it('writes the discovery file 0600, records the session and its logs, removes the file on close', async () => {
    const recorder = new RuntimeRecorder(store, project, 'Link Test')
    const logged: string[] = []
    const link = new LinkService({ projectRoot: project, sink: quietSink((_s, entries) => logged.push(...entries.map((e) => e.message))), recorder })
    const { file } = await link.start()
    expect(discoveryFileMode(file!)).toBe(0o600)
    expect(JSON.parse(fs.readFileSync(file!, 'utf8'))).toMatchObject({ url: link.server.url, token: link.server.token, protocol: 1 })

    const connected = once<[LinkProcess]>(link.server, 'connected')
    // the Editor finds SLATE through the discovery file
    const standin = runStandin(['--project', project, '--kind', 'editor', '--log-every', '5', '--fps', '240', '--quiet'])
    const [proc] = await connected
    // enter play mode so frames and logs flow
    expect((await link.command(proc.sessionId, 'play.enter')).ok).toBe(true)
    while (logged.length < 3) await once(link.server, 'logs')
    const gone = once(link.server, 'disconnected')
    await standin.stop()
    await gone
    await recorder.idle()
    const row = await store.runtimeSessions.get(proc.sessionId)
    expect(row).toMatchObject({ runtimeType: 'unity', status: 'stopped' })
    expect(row!.stoppedAt).not.toBeNull()
    expect(row!.metadata).toMatchObject({ kind: 'editor', unityVersion: '2022.3.10f1', platform: 'LinuxEditor' })
    const logs = await store.listRuntimeLogs(proc.sessionId, { limit: 1000 })
    expect(logs.length).toBeGreaterThanOrEqual(3)
    expect(logs.map((l) => l.message)).toEqual(expect.arrayContaining(logged.slice(0, 3)))
    expect(logs.every((l) => ['info', 'warning', 'error', 'exception', 'assert'].includes(l.level))).toBe(true)
    expect(logs.some((l) => typeof (l.metadata as { stack?: string }).stack === 'string')).toBe(true)
    await link.close()
    expect(fs.existsSync(file!)).toBe(false)
    // The project had no Library/ before: the one made for the file goes with it.
    expect(fs.existsSync(path.join(project, 'Library'))).toBe(false)
  })

  it('runs a method only when it is on the allow-list, and the stand-in answers', async () => {
    const link = new LinkService({ projectRoot: project, sink: quietSink() })
    await link.start()
    const connected = once<[LinkProcess]>(link.server, 'connected')
    const standin = runStandin([link.server.url, link.server.token, '--kind', 'editor', '--quiet'])
    const [proc] = await connected
    await expect(link.command(proc.sessionId, 'method.run', { name: 'Tools.Build.Run' })).rejects.toThrow(/not on this project's allow-list/)
    await link.setAllowList({ methods: ['Tools.Build.Run'], menus: [] })
    expect(link.allowList().methods).toEqual(['Tools.Build.Run'])
    const r = await link.command(proc.sessionId, 'method.run', { name: 'Tools.Build.Run' })
    expect(r).toMatchObject({ ok: true, result: { ran: 'Tools.Build.Run' } })
    // a command the stand-in refuses comes back as Unity's error
    expect(await link.command(proc.sessionId, 'play.pause')).toMatchObject({ ok: false, error: 'Not in play mode' })
    await standin.stop()
    await link.close()
  })

  it('keeps the same session across a reconnect, and the stand-in is told so', async () => {
    const link = new LinkService({ projectRoot: project, sink: quietSink() })
    await link.start()
    const standin = runStandin([link.server.url, link.server.token, '--kind', 'player'])
    const first = await standin.next((m) => m.standin === 'welcome')
    const p = link.process(String(first.sessionId))!
    // drop the socket from the core's side, as a network blip would
    p.socket!.terminate()
    const again = await standin.next((m) => m.standin === 'welcome' && m.resumed === true)
    expect(again.sessionId).toBe(first.sessionId)
    const sessions: LinkSessionInfo[] = link.sessions()
    expect(sessions).toHaveLength(1)
    expect(sessions[0].reconnects).toBe(1)
    await standin.stop()
    await link.close()
  })
})
