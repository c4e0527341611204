/**
 * `npm run bench -- logs`: the log model (parser with tool recognition, and the build summary)
 * on the shared logs, each repeated to a few MB, against the baseline of just splitting the same
 * bytes into lines (LineSplitter: the floor any parser pays), measured in the same run.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fixturesDir } from '../src-main/testing/fixtures'
import { BuildLogSummarizer, LineSplitter, UnityLogParser } from '../src-main/logs'

function median(times: number[]): number {
  const s = [...times].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function measure(bytes: Buffer, make: () => (chunk: Buffer | null) => void): number {
  const times: number[] = []
  for (let r = 0; r < 7; r++) {
    const feed = make()
    const t0 = performance.now()
    for (let i = 0; i < bytes.length; i += 1 << 20) feed(bytes.subarray(i, i + (1 << 20)))
    feed(null)
    times.push(performance.now() - t0)
  }
  return median(times)
}

export async function run(): Promise<void> {
  const dir = path.join(fixturesDir, 'logs')
  for (const f of fs.readdirSync(dir).sort()) {
    const one = fs.readFileSync(path.join(dir, f))
    const bytes = Buffer.concat(Array.from({ length: Math.max(1, Math.round(8e6 / one.length)) }, () => one))
    const mb = bytes.length / 1e6
    const split = measure(bytes, () => {
      const s = new LineSplitter()
      return (c) => void (c ? s.push(c) : s.end())
    })
    const parse = measure(bytes, () => {
      const p = new UnityLogParser()
      return (c) => void (c ? p.push(c) : p.end())
    })
    const summary = measure(bytes, () => {
      const p = new UnityLogParser()
      const s = new BuildLogSummarizer()
      return (c) => {
        s.add(c ? p.push(c) : p.end())
        if (!c) s.summary()
      }
    })
    const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`
    console.log(`${f.slice(0, 40)}… ×${Math.round(bytes.length / one.length)} (${mb.toFixed(1)} MB): lines only ${rate(split)}; parser ${rate(parse)} (${(parse / split).toFixed(1)}× the split); parser + summary ${rate(summary)}`)
  }
}
