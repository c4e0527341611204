import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndexChange } from '../../src-shared/types-unity'
import { SlateCore } from '../host/slate-core'
import { unityFixture } from '../testing/fixtures'

/** The core's Unity subsystem end to end: open in the background, announce, follow file edits. */
let dir: string
let core: SlateCore
const events: IndexChange[] = []
const waiters: { pred: (c: IndexChange) => boolean; resolve: () => void }[] = []
const next = (pred: (c: IndexChange) => boolean) => new Promise<void>((resolve) => waiters.push({ pred, resolve }))

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-unity-service-'))
  fs.cpSync(unityFixture('NavMeshComponents'), path.join(dir, 'project'), { recursive: true })
  core = new SlateCore({ runtime: 'serve', dataDir: path.join(dir, 'data') })
  await core.init()
  core.events.on('index.changed', (c) => {
    events.push(c)
    for (const w of [...waiters]) {
      if (!w.pred(c)) continue
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
  })
})
afterAll(async () => {
  await core.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('UnityService', () => {
  it('indexes the open project in the background and announces it', async () => {
    await core.openProject(path.join(dir, 'project'))
    const ready = next((c) => c.changed.length === 0 && c.totalAssets > 0)
    await core.unity.startWatching()
    await ready
    const project = await core.unity.get()
    expect(project.summary().guids.declared).toBe(94)
  })

  it('emits index.changed for a file written into the project, and the model follows', async () => {
    const changed = next((c) => c.changed.includes('Assets/Service.mat'))
    fs.writeFileSync(path.join(dir, 'project/Assets/Service.mat'), '%YAML 1.1\n--- !u!21 &2100000\nMaterial:\n  m_Shader: {fileID: 46, guid: 0000000000000000f000000000000000, type: 0}\n')
    await changed
    expect((await core.unity.get()).index.files.get('Assets/Service.mat')?.occurrences).toBe(1)
  })
})
