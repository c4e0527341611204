/**
 * A container's resource use from one Docker stats sample (GET /containers/{id}/stats?stream=false),
 * computed the way Docker's API reference documents it (and `docker stats` does):
 *   cpu_delta     = cpu_stats.cpu_usage.total_usage - precpu_stats.cpu_usage.total_usage
 *   system_delta  = cpu_stats.system_cpu_usage - precpu_stats.system_cpu_usage
 *   number_cpus   = cpu_stats.online_cpus, or the length of percpu_usage (older engines, cgroup v1)
 *   CPU %         = (cpu_delta / system_delta) * number_cpus * 100
 *   used_memory   = memory_stats.usage - inactive file pages, which cgroup v1 reports as
 *                   stats.total_inactive_file and cgroup v2 as stats.inactive_file
 *   network rx/tx = sums over every interface of networks.*.rx_bytes / tx_bytes
 */
export interface DockerStatsSample {
  read?: string
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number }
  precpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number }
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>
  pids_stats?: { current?: number }
}

export interface ContainerStats {
  /** percent of one CPU: 200 = two cores busy */
  cpuPercent: number
  onlineCpus: number
  memoryUsedBytes: number
  memoryLimitBytes: number | null
  memoryPercent: number | null
  netRxBytes: number
  netTxBytes: number
  pids: number | null
  /** which accounting the engine reported: 'v1' has total_inactive_file, 'v2' inactive_file */
  cgroup: 'v1' | 'v2' | 'unknown'
  readAt: string | null
}

export function computeStats(s: DockerStatsSample): ContainerStats {
  const cpu = s.cpu_stats ?? {}
  const pre = s.precpu_stats ?? {}
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0)
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0)
  const onlineCpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1
  // no previous sample (a first read): Docker reports zeros there, and the delta would be the whole uptime
  const cpuPercent = (pre.system_cpu_usage ?? 0) > 0 && systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * onlineCpus * 100 : 0

  const mem = s.memory_stats ?? {}
  const st = mem.stats ?? {}
  let cgroup: ContainerStats['cgroup'] = 'unknown'
  let inactive = 0
  if (st.total_inactive_file !== undefined) {
    cgroup = 'v1'
    inactive = st.total_inactive_file
  } else if (st.inactive_file !== undefined) {
    cgroup = 'v2'
    inactive = st.inactive_file
  }
  const usage = mem.usage ?? 0
  // Docker's CLI only subtracts when the result stays positive
  const memoryUsedBytes = inactive < usage ? usage - inactive : usage
  // an unlimited container reports the host's memory (or a huge number) as its limit
  const limit = mem.limit && mem.limit < 2 ** 62 ? mem.limit : null
  let rx = 0
  let tx = 0
  for (const n of Object.values(s.networks ?? {})) {
    rx += n.rx_bytes ?? 0
    tx += n.tx_bytes ?? 0
  }
  return {
    cpuPercent: Math.round(cpuPercent * 100) / 100,
    onlineCpus,
    memoryUsedBytes,
    memoryLimitBytes: limit,
    memoryPercent: limit ? Math.round((memoryUsedBytes / limit) * 10_000) / 100 : null,
    netRxBytes: rx,
    netTxBytes: tx,
    pids: s.pids_stats?.current ?? null,
    cgroup,
    readAt: s.read ?? null,
  }
}
