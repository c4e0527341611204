/**
 * Runs in a fresh process for bench/index.ts (the leading underscore keeps bench/run.ts from
 * treating it as a benchmark). Prints one JSON line with the figures.
 *
 *   _index-child.ts index <root> [<cacheDir>]   full index (or reopen from the cache)
 *   _index-child.ts cached <root> <cacheDir>    the app's reopen: cached index, then revalidate
 *   _index-child.ts incremental <root>          edit files under a watcher, time each update
 */
import fs from 'node:fs'
import path from 'node:path'
import { applyChanges } from '../src-main/unity/live/apply-changes'
import { ProjectWatcher } from '../src-main/unity/live/project-watcher'
import { revalidate } from '../src-main/unity/live/revalidate'
import { UnityProject } from '../src-main/unity/unity-project'

const [mode, root, cacheDir] = process.argv.slice(2)

/**
 * Peak RSS of this process. On Linux, VmHWM: getrusage's maxRSS survives exec and reports the
 * forking parent's peak when that was higher (the bench parent holds ripgrep's output).
 */
function maxRssMb(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]
    if (kb) return Math.round(Number(kb) / 1024)
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

if (mode === 'index') {
  const t0 = performance.now()
  const threads = process.env.SLATE_INDEX_THREADS ? Number(process.env.SLATE_INDEX_THREADS) : undefined
  // The same call `slate index` makes: worker threads when a project has many files to read.
  const project = await UnityProject.openAsync(root, { cacheDir: cacheDir ?? null, threads, oneShot: true })
  const openMs = performance.now() - t0
  const s = project.summary()
  const totalMs = performance.now() - t0
  let yamlBytes = 0
  for (const f of project.index.files.values()) if (f.storage === 'yaml') yamlBytes += f.size
  process.stdout.write(
    `${JSON.stringify({
      openMs,
      totalMs,
      bytesRead: project.stats.bytesRead,
      yamlBytes,
      filesRead: project.stats.filesRead,
      cacheUsed: project.stats.cacheUsed,
      reread: project.stats.reread,
      workers: project.stats.workers,
      rssMb: maxRssMb(),
      figures: { declared: s.guids.declared, occurrences: s.references.occurrences, distinct: s.references.distinctGuids, unresolved: s.unresolved.distinct, builtin: s.unresolved.builtin, assets: s.assets.total },
    })}\n`,
  )
} else if (mode === 'cached') {
  // What the app does on reopen: answer from the cache at once, check the disk in the background.
  const t0 = performance.now()
  const project = UnityProject.openCached(root, { cacheDir })
  if (!project) throw new Error('no cache to open from')
  const openMs = performance.now() - t0
  project.summary()
  const summaryMs = performance.now() - t0
  const t1 = performance.now()
  const change = await revalidate(project)
  const revalidateMs = performance.now() - t1
  process.stdout.write(`${JSON.stringify({ openMs, summaryMs, revalidateMs, changed: change.changed.length, removed: change.removed.length, rssMb: maxRssMb() })}\n`)
} else if (mode === 'incremental') {
  const project = UnityProject.open(root, { cacheDir: null })
  const prefabs = [...project.index.files.keys()].filter((p) => p.endsWith('.prefab')).slice(0, 20)
  // 1) the update itself: re-stat, re-read, re-link one file
  const applyMs: number[] = []
  for (const p of prefabs) {
    const abs = path.join(project.root, p)
    const text = fs.readFileSync(abs, 'utf8')
    fs.writeFileSync(abs, `${text}# edited\n`)
    const t = performance.now()
    applyChanges(project, [abs])
    applyMs.push(performance.now() - t)
    fs.writeFileSync(abs, text)
    applyChanges(project, [abs])
  }
  // 2) end to end: from the write to the watcher's change callback
  const eventMs: number[] = []
  let pending: { started: number; resolve: () => void } | null = null
  const watcher = new ProjectWatcher(project, {
    saveDelayMs: 0,
    onChange: () => {
      if (pending) {
        eventMs.push(performance.now() - pending.started)
        const r = pending.resolve
        pending = null
        r()
      }
    },
  })
  await watcher.start()
  for (const p of prefabs.slice(0, 10)) {
    const abs = path.join(project.root, p)
    const text = fs.readFileSync(abs, 'utf8')
    await new Promise<void>((resolve) => {
      pending = { started: performance.now(), resolve }
      fs.writeFileSync(abs, `${text}# watched\n`)
    })
    await new Promise<void>((resolve) => {
      pending = { started: performance.now(), resolve }
      fs.writeFileSync(abs, text)
    })
  }
  await watcher.stop()
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
  process.stdout.write(`${JSON.stringify({ applyMedianMs: median(applyMs), applyMaxMs: Math.max(...applyMs), eventMedianMs: median(eventMs), eventMaxMs: Math.max(...eventMs), rssMb: maxRssMb() })}\n`)
} else {
  process.stderr.write('usage: _index-child.ts index <root> [cacheDir] | incremental <root>\n')
  process.exit(2)
}
