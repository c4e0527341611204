import { describe, expect, it } from 'vitest'
import { computeStats } from './container-stats'
import { classifyLevel } from './log-lines'

describe('computeStats (Docker API formulas)', () => {
  it('cgroup v1: percpu length when online_cpus is absent, total_inactive_file subtracted', () => {
    const s = computeStats({
      cpu_stats: { cpu_usage: { total_usage: 300, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 2000 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 1000, limit: 4000, stats: { total_inactive_file: 200, cache: 500 } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
    })
    expect(s).toMatchObject({ cpuPercent: 80, onlineCpus: 4, memoryUsedBytes: 800, memoryPercent: 20, netRxBytes: 11, netTxBytes: 22, cgroup: 'v1' })
  })
  it('cgroup v2: online_cpus and inactive_file', () => {
    const s = computeStats({
      cpu_stats: { cpu_usage: { total_usage: 500 }, system_cpu_usage: 11000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 5000, limit: 10000, stats: { inactive_file: 1000 } },
    })
    expect(s).toMatchObject({ cpuPercent: 10, memoryUsedBytes: 4000, cgroup: 'v2', netRxBytes: 0 })
  })
  it('no previous sample: 0 %, not NaN', () => {
    expect(computeStats({ cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 9 } }).cpuPercent).toBe(0)
  })
})

describe('classifyLevel', () => {
  it.each([
    ['ERROR: x', 'stdout', 'error'],
    ['[warn] disk', 'stdout', 'warning'],
    ['level=debug msg=x', 'stdout', 'debug'],
    ['NullReferenceException: Object reference not set', 'stdout', 'exception'],
    ['plain line', 'stdout', 'info'],
    ['plain line', 'stderr', 'warning'],
    ['2026-12-01T10:00:00Z ERROR boom', 'stdout', 'error'],
  ] as const)('%s (%s) → %s', (line, stream, level) => expect(classifyLevel(line, stream)).toBe(level))
})
