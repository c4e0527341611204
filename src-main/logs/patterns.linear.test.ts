import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { MAX_LINE_LENGTH } from './line-splitter'
import { monoFrameLocation } from './patterns'
import { parseUnityLog } from './unity-log-parser'

/** The regex the location used to be; kept here as the reference its replacement must agree with. */
const OLD_LOCATION = / in (.+):(\d+)\s*$/

/**
 * Hostile lines: each repeats the token a pattern's backtracking would restart on. The first is
 * the one that froze the server (quadratic: 7.6 s at 32768 repetitions).
 */
const HOSTILE: { prefix: string; token: string }[] = [
  { prefix: '  at x', token: ' in ' },
  { prefix: '  at x', token: ' in a:1 ' },
  { prefix: '(Filename: ', token: ' Line: ' },
  { prefix: 'A.B:C ()', token: ' (at a:1' },
  { prefix: 'Assets/A.cs', token: '(1,1' },
  { prefix: '', token: 'Exception' },
  { prefix: 'UnityEngine.Debug:Log', token: '(1,1)' },
]

function logOf(prefix: string, token: string, lineLength: number, lines: number): string {
  const line = (prefix + token.repeat(Math.ceil(lineLength / token.length))).slice(0, lineLength)
  // A message line first, so every hostile line is tried as a frame of it too.
  return `NullReferenceException: x\n${`${line}\n`.repeat(lines)}`
}

/** CPU time (µs) of the cheapest of three parses: the least disturbed by other work on the machine. */
function cpuOfParse(text: string): number {
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage()
    parseUnityLog(text)
    const used = process.cpuUsage(before)
    best = Math.min(best, used.user + used.system)
  }
  return best
}

describe('log patterns run in linear time', () => {
  it('agrees with the old location regex on frames of every shape', () => {
    const part = fc.constantFrom(' in ', ':', '1', '42', ' ', 'a', '/', '<', '>', '\t', '\u2028', '.cs')
    fc.assert(
      fc.property(fc.array(part, { maxLength: 24 }), (parts) => {
        const text = parts.join('')
        const old = OLD_LOCATION.exec(text)
        expect(monoFrameLocation(text)).toEqual(old ? { file: old[1], line: Number(old[2]) } : null)
      }),
      { numRuns: 4000 },
    )
    expect(monoFrameLocation('at Game.Player.Update () [0x00020] in /src/Player.cs:42 ')).toEqual({ file: '/src/Player.cs', line: 42 })
  })

  // One 1 MiB line costs what 64 lines of 16 KiB cost when the work per character is constant; a
  // quadratic pattern makes the long line 64× dearer. The bound (8×) leaves room for noise, and
  // compares work with work measured the same way in the same run, not with a clock.
  it.each(HOSTILE)('a 1 MiB line of $prefix + "$token"… costs what the same characters in short lines cost', ({ prefix, token }) => {
    const long = logOf(prefix, token, MAX_LINE_LENGTH - 1, 1)
    const short = logOf(prefix, token, MAX_LINE_LENGTH / 64 - 1, 64)
    expect(Math.abs(long.length - short.length)).toBeLessThan(128)
    parseUnityLog(short) // warm up: the first parse compiles the patterns
    const ratio = cpuOfParse(long) / Math.max(cpuOfParse(short), 1)
    expect(ratio).toBeLessThan(8)
  })

  it('still reads the location of a Mono frame in a parsed log', () => {
    const [entry] = parseUnityLog('NullReferenceException: x\n  at Game.A.B () [0x00001] in /src/Assets/A.cs:7 \n')
    expect(entry.stack[0]).toMatchObject({ file: '/src/Assets/A.cs', line: 7 })
  })
})
