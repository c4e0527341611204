import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BridgeBuildReport } from '../../src-shared/types-builds'
import { bridgePackageDir, unifiedDiff } from './bridge-package'
import { BRIDGE_METHOD, CONTENT_METHOD } from './command-line'

const dir = bridgePackageDir()
const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8')

/** C# cannot be compiled here; these checks keep the package and SLATE's side of the contract in step. */
describe('com.slate.bridge package', () => {
  it('is an editor-only Unity package with the entry point SLATE calls', () => {
    expect(JSON.parse(read('package.json'))).toMatchObject({ name: 'com.slate.bridge' })
    expect(JSON.parse(read('Editor/Slate.Bridge.Editor.asmdef'))).toMatchObject({ includePlatforms: ['Editor'] })
    const [ns, cls, method] = [BRIDGE_METHOD.split('.').slice(0, 2).join('.'), 'BuildCommand', 'Build']
    const cs = read('Editor/BuildCommand.cs')
    expect(cs).toContain(`namespace ${ns}`)
    expect(cs).toContain(`public static class ${cls}`)
    expect(cs).toContain(`public static void ${method}()`)
    for (const arg of ['-slateReportPath', '-slateTarget', '-slateOutputPath', '-slateScenes', '-slateBackend', '-slateOptions', '-slateDefines']) expect(cs).toContain(`"${arg}"`)
  })

  it('writes exactly the report fields SLATE reads', () => {
    const cs = read('Editor/ReportJson.cs')
    const reportClass = /class Report\s*\{([\s\S]*?)\n\s*\}/.exec(cs)![1]
    const fields = [...reportClass.matchAll(/public \S+ (\w+);/g)].map((m) => m[1])
    const expected: (keyof BridgeBuildReport)[] = ['result', 'platform', 'outputPath', 'totalTimeMs', 'totalSize', 'totalErrors', 'totalWarnings', 'buildStartedAt', 'buildEndedAt', 'steps', 'packedAssets', 'kind', 'buildGuid', 'files', 'packedFiles']
    expect(fields).toEqual(expected)
    // The size fields, as bridge-json-report.ts reads them.
    expect(cs).toMatch(/class OutputFile \{ public string path; public string role; public long size; \}/)
    expect(cs).toMatch(/class PackedEntry \{ public string guid; public string path; public string type; public long size; public int objects; \}/)
    expect(cs).toMatch(/class PackedFile \{ public string file; public PackedEntry\[\] contents; \}/)
    expect(cs).toMatch(/class Packed \{ public string sourceAssetGUID; public string sourceAssetPath; public long packedSize; public string type; \}/)
    expect(cs).toMatch(/class Step \{ public string name; public int depth; public long durationMs; public Message\[\] messages; \}/)
  })

  it('has the content-build entry point SLATE calls for AssetBundles / Addressables profiles', () => {
    const cs = read('Editor/ContentBuildCommand.cs')
    const [ns, cls] = [CONTENT_METHOD.split('.').slice(0, 2).join('.'), CONTENT_METHOD.split('.')[2]]
    expect(cs).toContain(`namespace ${ns}`)
    expect(cs).toContain(`public static class ${cls}`)
    expect(cs).toContain('public static void Build()')
    for (const arg of ['-slateReportPath', '-slateContent', '-slateTarget', '-slateOutputPath', '-slateOptions']) expect(cs).toContain(`"${arg}"`)
    // Addressables code only compiles where the package is: behind the define the asmdef sets.
    expect(JSON.parse(read('Editor/Slate.Bridge.Editor.asmdef')).versionDefines).toContainEqual({ name: 'com.unity.addressables', expression: '1.0.0', define: 'SLATE_ADDRESSABLES' })
    expect(cs).toMatch(/#if SLATE_ADDRESSABLES[\s\S]*AddressableAssetSettings\.BuildPlayerContent/)
  })

  it('has a .meta file for every asset (Unity refuses package assets without one)', () => {
    // Unity skips names ending in `~` (Documentation~) and starting with `.`: those have no .meta.
    const skipped = (name: string) => name.endsWith('~') || name.startsWith('.')
    const walk = (d: string): string[] =>
      fs
        .readdirSync(d, { withFileTypes: true })
        .filter((e) => !skipped(e.name))
        .flatMap((e) => (e.isDirectory() ? [path.join(d, e.name), ...walk(path.join(d, e.name))] : [path.join(d, e.name)]))
    const assets = walk(dir).filter((f) => !f.endsWith('.meta'))
    for (const a of assets) expect(fs.existsSync(`${a}.meta`), `${path.relative(dir, a)}.meta`).toBe(true)
  })
})

describe('unifiedDiff', () => {
  it('prints deletions before insertions with context', () => {
    expect(unifiedDiff('f', 'a\nb\nc\n', 'a\nB\nc\n')).toBe('--- a/f\n+++ b/f\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n ')
  })

  // The LCS table of the old diff was n×m: a 24,000-line manifest ran out of heap.
  it('diffs a 24,000-line manifest with one added dependency as one small hunk', () => {
    const deps = Array.from({ length: 24_000 }, (_, i) => `    "com.example.pkg${i}": "1.0.${i}",`)
    const before = `{\n  "dependencies": {\n${deps.join('\n')}\n    "com.unity.ugui": "1.0.0"\n  }\n}\n`
    const after = before.replace('    "com.unity.ugui"', '    "com.slate.bridge": "file:../x",\n    "com.unity.ugui"')
    const d = unifiedDiff('Packages/manifest.json', before, after)
    expect(d.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toEqual(['+    "com.slate.bridge": "file:../x",'])
    expect(d.split('\n').length).toBeLessThan(12)
  })

  it('shows a wholly rewritten huge file as removed then added, without an n×m table', () => {
    const a = Array.from({ length: 30_000 }, (_, i) => `a${i}`).join('\n')
    const b = Array.from({ length: 30_000 }, (_, i) => `b${i}`).join('\n')
    const lines = unifiedDiff('f', a, b).split('\n')
    expect(lines.filter((l) => l.startsWith('-') && !l.startsWith('---'))).toHaveLength(30_000)
    expect(lines.filter((l) => l.startsWith('+') && !l.startsWith('+++'))).toHaveLength(30_000)
  })
})
