import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SlateCore } from '../host/slate-core'
import { IpcSessions, type IpcPeer } from './ipc-sessions'

// The IPC transport's per-window logic, without an Electron binary: a window is anything with
// an id, send() and a 'destroyed' event.
class Window implements IpcPeer {
  static next = 1
  readonly id = Window.next++
  readonly sent: unknown[][] = []
  private onDestroyed: (() => void)[] = []
  destroyed = false
  isDestroyed = () => this.destroyed
  send = (channel: string, ...args: unknown[]) => void this.sent.push([channel, ...args])
  once = (_e: 'destroyed', l: () => void) => this.onDestroyed.push(l)
  destroy() {
    this.destroyed = true
    for (const l of this.onDestroyed) l()
  }
}

let core: SlateCore
let dataDir: string
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-ipc-'))
  core = new SlateCore({ runtime: 'electron', dataDir })
  await core.init()
})
afterAll(async () => {
  await core.dispose()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('IPC sessions', () => {
  it('sends a window only the events it subscribed to, and nothing after it is gone', () => {
    const sessions = new IpcSessions(core, 'ev')
    const a = new Window()
    const b = new Window()
    expect(sessions.subscribe(a, 'project.changed', null, true)).toEqual({ ok: true, result: null })
    expect(sessions.subscribe(b, 'build.finished', 'j1', true)).toEqual({ ok: true, result: null })
    expect(sessions.subscribe(b, 'nope', null, true)).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    core.events.emit('project.changed', null)
    core.events.emit('build.finished', { id: 'j0' } as never)
    core.events.emit('build.finished', { id: 'j1' } as never, '/projects/a')
    // The last element is the project the event belongs to (none open here; or as the emitter says).
    expect(a.sent).toEqual([['ev', 'project.changed', '', null, null]])
    expect(b.sent).toEqual([['ev', 'build.finished', 'j1', { id: 'j1' }, '/projects/a']])
    a.destroy()
    sessions.subscribe(b, 'build.finished', 'j1', false)
    core.events.emit('project.changed', null)
    core.events.emit('build.finished', { id: 'j1' } as never)
    expect(a.sent).toHaveLength(1)
    expect(b.sent).toHaveLength(1)
    sessions.dispose()
  })

  it('a cancel from the window aborts its call; another window cannot cancel it', async () => {
    const sessions = new IpcSessions(core, 'ev')
    const w = new Window()
    const other = new Window()
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-ipc-proj-'))
    fs.mkdirSync(path.join(root, 'Assets'))
    fs.mkdirSync(path.join(root, 'ProjectSettings'))
    fs.writeFileSync(path.join(root, 'ProjectSettings/ProjectVersion.txt'), 'm_EditorVersion: 2022.3.10f1\n')
    await core.openProject(root)
    const running = sessions.call(w, 'files.find', { query: '.', regex: true }, 7)
    sessions.cancel(other, 7)
    sessions.cancel(w, 7)
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } })
    expect(await sessions.call(w, 'app.info', {}, 8)).toMatchObject({ ok: true })
    sessions.dispose()
    fs.rmSync(root, { recursive: true, force: true })
  })
})
