import { describe, expect, it } from 'vitest'
import { SessionFrames, decimate } from './frame-buffer'

describe('SessionFrames', () => {
  it('keeps counters aligned when a batch lacks one, and finds windows by arrival time', () => {
    const b = new SessionFrames()
    b.push({ sessionId: 's', index: [1, 2], received: [1000, 1000], series: { '0': [16, 17], '1': [5, null] } })
    b.push({ sessionId: 's', index: [3], received: [2000], series: { '0': [18] } })
    b.push({ sessionId: 's', index: [4], received: [3000], series: { '0': [19], '2': [7] } })
    expect(b.length).toBe(4)
    expect(Array.from(b.column('0')!)).toEqual([16, 17, 18, 19])
    expect(Array.from(b.column('1')!).map((v) => (Number.isNaN(v) ? null : v))).toEqual([5, null, null, null])
    expect(Array.from(b.column('2')!).map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, null, 7])
    expect(b.window(3000, 1500)).toEqual([2, 4]) // frames received after 1500 up to 3000
    expect(b.window(2000, 5000)).toEqual([0, 3])
  })

  it('decimates to the largest value of each bucket (a spike is never hidden)', () => {
    const x = Array.from({ length: 100 }, (_, i) => i)
    const y = Float32Array.from(x, (i) => (i === 37 ? 99 : 1))
    const d = decimate(x, [y], 0, 100, 10)
    expect(d.x).toHaveLength(10)
    expect(Math.max(...(d.ys[0] as number[]))).toBe(99)
    expect(d.ys[0].filter((v) => v === 99)).toHaveLength(1)
  })
})
