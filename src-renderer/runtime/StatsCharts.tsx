import { useEffect, useMemo, useState } from 'react'
import type { RuntimeStatsSample } from '../../src-shared/types-runtime'
import { ProfilerChart } from '../profiler/ProfilerChart'
import { useClient } from '../state/client'

const KEEP = 600

/** Bytes per second between samples: Docker's network figures are counters since the container started. */
function rates(samples: RuntimeStatsSample[], pick: (s: RuntimeStatsSample) => number): (number | null)[] {
  return samples.map((s, i) => {
    if (i === 0) return null
    const prev = samples[i - 1]
    const dt = (s.at - prev.at) / 1000
    const d = pick(s) - pick(prev)
    return dt > 0 && d >= 0 ? d / dt / 1024 : null
  })
}

/**
 * CPU, memory and network of a running session: the core's last minutes of samples first, then
 * each new one (runtime.stats, about one a second).
 */
export function StatsCharts({ sessionId, running }: { sessionId: string; running: boolean }) {
  const client = useClient()
  const [samples, setSamples] = useState<RuntimeStatsSample[]>([])
  useEffect(() => {
    let gone = false
    setSamples([])
    const add = (s: RuntimeStatsSample) => setSamples((list) => (list.length && list[list.length - 1].at >= s.at ? list : [...list.slice(-KEEP + 1), s]))
    const off = client.on('runtime.stats', add, sessionId)
    client.call('runtime.sessions.stats', { sessionId }).then(
      (history) => {
        if (gone) return
        setSamples((live) => [...history.filter((h) => !live.length || h.at < live[0].at), ...live].slice(-KEEP))
      },
      () => undefined,
    )
    return () => {
      gone = true
      off()
    }
  }, [client, sessionId])

  const x = useMemo(() => samples.map((s) => s.at / 1000), [samples])
  const cpu = useMemo(() => [{ label: 'CPU %', color: '#60a5fa', values: samples.map((s) => s.cpuPercent) }], [samples])
  const mem = useMemo(() => {
    const series = [{ label: 'used MiB', color: '#34d399', values: samples.map((s) => s.memoryUsedBytes / 1024 / 1024) as (number | null)[] }]
    if (samples.some((s) => s.memoryLimitBytes)) series.push({ label: 'limit MiB', color: '#f87171', values: samples.map((s) => (s.memoryLimitBytes ? s.memoryLimitBytes / 1024 / 1024 : null)) })
    return series
  }, [samples])
  const net = useMemo(
    () => [
      { label: 'rx KiB/s', color: '#a78bfa', values: rates(samples, (s) => s.netRxBytes) },
      { label: 'tx KiB/s', color: '#fbbf24', values: rates(samples, (s) => s.netTxBytes) },
    ],
    [samples],
  )
  const last = samples[samples.length - 1]
  if (!samples.length) return <p className="muted small" data-testid="runtime-stats-empty">{running ? 'Waiting for the first resource sample…' : 'No resource samples: the session is not running.'}</p>
  return (
    <div className="runtime-stats" data-testid="runtime-stats">
      <div className="small muted" data-testid="runtime-stats-latest">
        CPU {last.cpuPercent.toFixed(1)} % · memory {(last.memoryUsedBytes / 1024 / 1024).toFixed(1)} MiB{last.memoryLimitBytes ? ` of ${(last.memoryLimitBytes / 1024 / 1024).toFixed(0)} MiB` : ''} · {last.pids ?? '?'} processes · {samples.length} samples
      </div>
      <div className="runtime-charts">
        <ProfilerChart title="CPU" unit="%" x={x} series={cpu} time height={120} testId="runtime-chart-cpu" />
        <ProfilerChart title="Memory" unit="MiB" x={x} series={mem} time height={120} testId="runtime-chart-memory" />
        <ProfilerChart title="Network" unit="KiB/s" x={x} series={net} time height={120} testId="runtime-chart-network" />
      </div>
    </div>
  )
}
