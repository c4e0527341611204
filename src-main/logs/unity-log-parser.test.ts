import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { logFixture } from '../testing/fixtures'
import { LineSplitter } from './line-splitter'
import { UnityLogParser, parseUnityLog } from './unity-log-parser'

const log1 = fs.readFileSync(logFixture(1))
const log2 = fs.readFileSync(logFixture(2))

describe('LineSplitter', () => {
  it('splits CRLF and LF, drops NUL bytes, and keeps a CR/LF pair split across chunks together', () => {
    const s = new LineSplitter()
    expect(s.push('a\r')).toEqual([])
    expect(s.push('\nb\0\0\nc')).toEqual(['a', 'b'])
    expect(s.end()).toEqual(['c'])
  })

  it('joins a UTF-8 character split between chunks', () => {
    const bytes = Buffer.from('héllo\n')
    const s = new LineSplitter()
    expect(s.push(bytes.subarray(0, 2))).toEqual([])
    expect(s.push(bytes.subarray(2))).toEqual(['héllo'])
  })
})

describe('UnityLogParser on real logs', () => {
  it('extracts the 98 compiler errors of log 02 with file, line, column and code', () => {
    const entries = parseUnityLog(log2)
    const errors = entries.filter((e) => e.kind === 'compiler' && e.level === 'error')
    expect(errors).toHaveLength(98)
    expect(errors[0].compiler).toEqual({
      severity: 'error',
      file: 'Assets/UnityARInterface/ARRemote/Scripts/ARRemoteEditorInterface.cs',
      line: 40,
      column: 17,
      code: 'CS0246',
      message: "The type or namespace name 'ARBackgroundRenderer' could not be found (are you missing a using directive or an assembly reference?)",
    })
    expect(entries.every((e) => !e.message.includes('\0') && !e.message.includes('\r'))).toBe(true)
  })

  it('groups an exception with its Mono frames and rethrows in log 02', () => {
    const entries = parseUnityLog(log2)
    const ex = entries.find((e) => e.message.startsWith('UnityEditor.BuildPlayerWindow+BuildMethodException: 4 errors'))
    expect(ex?.kind).toBe('exception')
    expect(ex?.level).toBe('exception')
    expect(ex?.stack.length).toBeGreaterThanOrEqual(2)
    expect(ex?.stack[0].text).toMatch(/^at UnityEditor\.BuildPlayerWindow\+DefaultBuildMethods\.BuildPlayer/)
  })

  it('reads Debug.Log entries of log 01 with their stack and (Filename: … Line: N) trailer', () => {
    const entries = parseUnityLog(log1)
    const started = entries.find((e) => e.message === 'Starting Android build process...')
    expect(started).toMatchObject({ kind: 'script', level: 'info', file: 'Assets/Editor/BuildAndroid.cs', line: 14 })
    expect(started?.stack.at(-1)).toEqual({
      text: 'BuildAndroid:Build () (at Assets/Editor/BuildAndroid.cs:14)',
      file: 'Assets/Editor/BuildAndroid.cs',
      line: 14,
    })
    const warning = entries.find((e) => e.message.startsWith('Compressed texture rocks new logo'))
    expect(warning?.level).toBe('warning')
    expect(entries.find((e) => e.message === 'Build Finished, Result: Success.')?.kind).toBe('plain')
  })

  it('gives the same entries whatever the chunk boundaries are', () => {
    const whole = parseUnityLog(log1).map((e) => [e.level, e.kind, e.message, e.stack.length, e.file, e.line])
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20_000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const parser = new UnityLogParser()
        const got = []
        let at = 0
        for (let i = 0; at < log1.length; i++) {
          const size = sizes[i % sizes.length]
          got.push(...parser.push(log1.subarray(at, at + size)))
          at += size
        }
        got.push(...parser.end())
        expect(got.map((e) => [e.level, e.kind, e.message, e.stack.length, e.file, e.line])).toEqual(whole)
      }),
      { numRuns: 15 },
    )
  })
})

describe('UnityLogParser forms', () => {
  it('reads the old `UnityEngine.Debug:LogError(Object)` form and a LogException', () => {
    const text = [
      'Boom happened',
      'UnityEngine.Debug:LogError(Object)',
      'Game.Player:Update() (at Assets/Scripts/Player.cs:12)',
      '',
      'NullReferenceException: Object reference not set to an instance of an object',
      '  at Game.Enemy.Tick () [0x00001] in /proj/Assets/Scripts/Enemy.cs:7 ',
      'plain line',
    ].join('\n')
    const entries = parseUnityLog(text)
    expect(entries.map((e) => [e.kind, e.level])).toEqual([
      ['script', 'error'],
      ['exception', 'exception'],
      ['plain', 'info'],
    ])
    expect(entries[0]).toMatchObject({ file: 'Assets/Scripts/Player.cs', line: 12 })
    expect(entries[1].stack[0]).toMatchObject({ file: '/proj/Assets/Scripts/Enemy.cs', line: 7 })
  })

  it('flush() releases the entry that waits for a possible stack', () => {
    const parser = new UnityLogParser()
    expect(parser.push('DisplayProgressbar: Compiling Scripts\n')).toEqual([])
    expect(parser.flush().map((e) => e.message)).toEqual(['DisplayProgressbar: Compiling Scripts'])
  })
})
