import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CodeService } from '../src-main/code/code-service'
import { scriptUsers } from '../src-main/code/unity-usages'
import { generateCSharpProject } from '../src-main/testing/csharp-project'
import { UnityProject } from '../src-main/unity/unity-project'

/**
 * C# intelligence (issue 16): the symbol index of a generated 5,000-script project (tree-sitter in
 * workers), reopening it from the persisted cache, go-to-definition and find-references latency,
 * and "Unity usages of a script" — against ripgrep in the same run: `rg -l <guid>` over the same
 * files is what a tool without a reference graph has to do for every question.
 */
const SCRIPTS = Number(process.env.SLATE_BENCH_SCRIPTS ?? 5000)
const PREFABS = Number(process.env.SLATE_BENCH_PREFABS ?? 2000)

function pct(list: number[], p: number): number {
  const s = [...list].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-code-'))
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-bench-code-data-'))
  try {
    const gen = generateCSharpProject(root, SCRIPTS, PREFABS)
    const project = await UnityProject.openAsync(root, { cacheDir: null })
    const bytes = gen.scripts.reduce((n, s) => n + fs.statSync(path.join(root, s.rel)).size, 0)
    console.log(`project: ${SCRIPTS} scripts (${(bytes / 1e6).toFixed(1)} MB of C#), ${PREFABS} prefabs; ${os.availableParallelism()} cores`)

    const rgAvailable = spawnSync('rg', ['--version']).status === 0
    let t = performance.now()
    if (rgAvailable) execFileSync('sh', ['-c', `rg -c -w 'class' -g '*.cs' '${root}/Assets' | wc -l`])
    const rgClass = performance.now() - t

    const service = new CodeService({ dataDir, unityProject: async () => project })
    t = performance.now()
    const { index } = await service.get()
    const full = performance.now() - t
    const c = index.counts()
    console.log(`full symbol index: ${ms(full)} (${Math.round(SCRIPTS / (full / 1000))} scripts/s, ${c.declarations} declarations, ${c.references} references, ${c.parseErrors} files with syntax errors)`)
    if (rgAvailable) console.log(`  baseline rg -w class over the same .cs files (a text scan, no parse): ${ms(rgClass)}`)
    service.saveNow()
    await service.close()

    const again = new CodeService({ dataDir, unityProject: async () => project })
    t = performance.now()
    await again.get()
    console.log(`reopen from the persisted cache: ${ms(performance.now() - t)} (fromCache=${again.status().fromCache})`)

    const { index: idx } = await again.get()
    const samples = gen.scripts.filter((_, i) => i % Math.ceil(SCRIPTS / 200) === 0)
    const defs: number[] = []
    const refs: number[] = []
    for (const s of samples) {
      const text = fs.readFileSync(path.join(root, s.rel), 'utf8').split('\n')
      const line = text.findIndex((l) => l.includes('public class'))
      const col = text[line].indexOf(s.className)
      const other = text.findIndex((l) => l.includes(' other;'))
      t = performance.now()
      idx.definition(s.rel, other, text[other].indexOf('public ') + 7)
      defs.push(performance.now() - t)
      t = performance.now()
      idx.references(s.rel, line, col)
      refs.push(performance.now() - t)
    }
    console.log(`go to definition p50/p99: ${ms(pct(defs, 50))} / ${ms(pct(defs, 99))}; find references p50/p99: ${ms(pct(refs, 50))} / ${ms(pct(refs, 99))} (${samples.length} symbols)`)

    const usage: number[] = []
    const rg: number[] = []
    for (const s of samples.slice(0, 50)) {
      t = performance.now()
      const u = scriptUsers(project, s.rel)
      usage.push(performance.now() - t)
      if (rgAvailable) {
        t = performance.now()
        const out = spawnSync('rg', ['-l', '--fixed-strings', `guid: ${s.guid}`, '-g', '!*.meta', path.join(root, 'Assets')], { encoding: 'utf8' })
        rg.push(performance.now() - t)
        const files = out.stdout.split('\n').filter(Boolean).length
        if (files !== u.users.length) console.log(`  note: rg found ${files} files for ${s.rel}, the graph ${u.users.length}`)
      }
    }
    console.log(`Unity usages of a script (goal < 50 ms) p50/p99: ${ms(pct(usage, 50))} / ${ms(pct(usage, 99))}`)
    if (rgAvailable) console.log(`  baseline rg -l <guid> over the same files p50/p99: ${ms(pct(rg, 50))} / ${ms(pct(rg, 99))} → SLATE is ${(pct(rg, 50) / Math.max(pct(usage, 50), 0.001)).toFixed(0)}× faster at p50`)
    await again.close()
  } finally {
    fs.rmSync(root, { recursive: true, force: true })
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}
