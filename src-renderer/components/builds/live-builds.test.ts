import { describe, expect, it } from 'vitest'
import type { EventName, PayloadOf, SlateClient } from '../../../src-shared/contract'
import type { BuildJobSummary } from '../../../src-shared/types-builds'
import { formatBytes, formatDuration, STAGE_LIST, TARGETS } from './build-meta'
import { cleanLine, elapsedNow, liveBuildsOf } from './live-builds'

/** A client whose events the test emits by hand. */
function fakeClient() {
  const listeners = new Map<string, ((p: unknown) => void)[]>()
  const client = {
    transport: 'websocket',
    call: () => Promise.reject(new Error('no calls in this test')),
    on: (name: string, l: (p: unknown) => void) => {
      listeners.set(name, [...(listeners.get(name) ?? []), l])
      return () => undefined
    },
  } as unknown as SlateClient
  const emit = <E extends EventName>(name: E, payload: PayloadOf<E>) => listeners.get(name)?.forEach((l) => l(payload))
  return { client, emit }
}

const progress = (jobId: string, stage: PayloadOf<'build.progress'>['stage'], pct: number, elapsedMs = 1000): PayloadOf<'build.progress'> => ({
  jobId,
  stage,
  step: stage,
  progress: pct,
  elapsedMs,
  estimatedTotalMs: 60_000,
  at: new Date().toISOString(),
})

describe('live builds store', () => {
  it('follows stages, keeps a bounded log tail with clean lines, collects messages and the verdict', () => {
    const { client, emit } = fakeClient()
    const store = liveBuildsOf(client)
    store.track('j1', { target: 'Android', type: 'staging' })
    emit('build.progress', progress('j1', 'compile', 30))
    emit('build.log', {
      jobId: 'j1',
      firstLine: 1,
      lines: Array.from({ length: 500 }, (_, i) => `line ${i + 1}\r`).concat(['\u001b[32minfo\u001b[39m ok\u0000\u0000']),
      messages: [{ type: 'error', content: 'Assets/A.cs(1,2): error CS0246: nope', file: 'Assets/A.cs', line: 1, column: 2, code: 'CS0246' }],
    })
    let b = store.getSnapshot()[0]
    expect(b).toMatchObject({ jobId: 'j1', target: 'Android', stage: 'compile', progress: 30, totalLines: 501 })
    expect(b.tail).toHaveLength(400)
    expect(b.tail.at(-1)).toBe('info ok')
    expect(b.tail[0]).toBe('line 102')
    expect(b.messages).toHaveLength(1)
    // Progress never goes back, even if a late event names an earlier stage.
    emit('build.progress', progress('j1', 'prepare', 10))
    expect(store.getSnapshot()[0].progress).toBe(30)
    const finished = { id: 'j1', status: 'failed', target: 'Android', type: 'staging', durationMs: 4200 } as BuildJobSummary
    emit('build.finished', finished)
    b = store.getSnapshot()[0]
    expect(b.finished?.status).toBe('failed')
    expect(elapsedNow(b)).toBe(4200)
  })

  it('lists the newest build first and can dismiss one', () => {
    const { client, emit } = fakeClient()
    const store = liveBuildsOf(client)
    emit('build.progress', progress('a', 'prepare', 10))
    store.track('b', { target: 'iOS', type: 'development' })
    expect(store.getSnapshot().map((x) => x.jobId)).toContain('b')
    store.dismiss('a')
    expect(store.getSnapshot().map((x) => x.jobId)).toEqual(['b'])
  })

  it('seeds stage and clock of a build found running from its stored progress', () => {
    const { client } = fakeClient()
    const store = liveBuildsOf(client)
    store.seedProgress('r', 70, new Date(Date.now() - 5000).toISOString())
    const b = store.getSnapshot()[0]
    expect(b.stage).toBe('package')
    expect(elapsedNow(b)).toBeGreaterThanOrEqual(5000)
  })
})

describe('build meta', () => {
  it('has the nine targets and the seven stages of issue 5 in order', () => {
    expect(TARGETS).toHaveLength(9)
    expect(STAGE_LIST.map((s) => s.percent)).toEqual([10, 30, 50, 70, 85, 95, 100])
  })

  it('formats durations and sizes for people', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(42_000)).toBe('42s')
    expect(formatDuration(125_000)).toBe('2m 05s')
    expect(formatDuration(3_720_000)).toBe('1h 02m')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(524_288)).toBe('512 KB')
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB')
  })

  it('cleans CR, NUL blocks and ANSI colours from log lines', () => {
    expect(cleanLine('a\u0000\u0000b\r')).toBe('ab')
    expect(cleanLine('\u001b[40m\u001b[32minfo\u001b[39m\u001b[22m\u001b[49m: x')).toBe('info: x')
  })
})

describe('field labels', () => {
  it('names validation fields as the form does', async () => {
    const { fieldLabel } = await import('./build-meta')
    expect(fieldLabel('options.deepProfiling')).toBe('Deep profiling')
    expect(fieldLabel('scenes[2]')).toBe('Scenes #3')
    expect(fieldLabel('outputPath')).toBe('Output path')
    expect(fieldLabel('EditorBuildSettings scene 0')).toBe('EditorBuildSettings scene 0')
  })
})
