import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { lineScan } from '../src-main/builds/report/testing/line-scan'
import { BuildsPage } from './support/builds-page'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// Build sizes in the Builds view: import Unity's own reports (the real Android pair, the second
// with its sprite grown as a week of work would), look at one build's sizes, compare the two.
// Expected figures come from a plain line scan of the same files, not from SLATE.
const DIR = path.join(fixturesDir, 'buildreports')
let serve: ServeHandle
let root: string
let files: { before: string; after: string }

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-e2e-sizes-'))
  fs.mkdirSync(path.join(root, 'ProjectSettings'))
  fs.mkdirSync(path.join(root, 'Assets', 'Sprites'), { recursive: true })
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'ProjectVersion.txt'), 'm_EditorVersion: 2019.3.0f6\n')
  // The sprite the reports pack, with the GUID they name: resolved to this project's asset.
  fs.writeFileSync(path.join(root, 'Assets', 'Sprites', 'red.png'), Buffer.from('89504e470d0a1a0a', 'hex'))
  fs.writeFileSync(path.join(root, 'Assets', 'Sprites', 'red.png.meta'), 'fileFormatVersion: 2\nguid: 8fbc1d2a1c0a4fe4ca0dcac8bfed5568\nTextureImporter:\n  serializedVersion: 10\n')
  const before = path.join(root, 'Build_before.buildreport')
  const after = path.join(root, 'Build_after.buildreport')
  fs.copyFileSync(path.join(DIR, 'Build_2020-26-Feb-16-32-33.buildreport'), before)
  // The later build, with red.png's texture data three times as big (in the .resS and the bundle).
  const b = fs.readFileSync(path.join(DIR, 'Build_2020-26-Feb-16-37-00.buildreport'), 'utf8')
  fs.writeFileSync(after, b.replace('packedSize: 151875', 'packedSize: 455625').replace(/(sharedassets0\.assets\.resS\n {4}role: StreamingResourceFile\n {4}id: 69\n {4}totalSize: )151876/, '$1455626'))
  files = { before, after }
  // A size budget for Android below these builds' 68 MB: a warning on each imported job.
  fs.writeFileSync(path.join(root, 'ProjectSettings', 'SlateBuildBudgets.json'), JSON.stringify({ budgets: [{ target: 'Android', maxBytes: 60 * 1024 * 1024, level: 'warn' }] }))
  serve = await startServe(root)
})
test.afterAll(async () => {
  await serve?.stop()
  fs.rmSync(root, { recursive: true, force: true })
})

test('import two reports, see where the bytes went, compare them: changed files and assets', async ({ page }) => {
  const [sa, sb] = [lineScan(fs.readFileSync(files.before, 'utf8')), lineScan(fs.readFileSync(files.after, 'utf8'))]
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('builds')
  await new BuildsPage(page).ready()

  await page.getByTestId('builds-tab-size').click()
  await page.getByTestId('import-report-input').setInputFiles([files.before, files.after])
  await expect(page.getByTestId('import-result')).toContainText('Build_before.buildreport: imported')
  await expect(page.getByTestId('import-result')).toContainText('Build_after.buildreport: imported')

  // The Size tab shows the newest import: its biggest file first, the sprite resolved by GUID.
  const size = page.getByTestId('size-panel')
  const biggest = [...sb.files].sort((x, y) => y[1].size - x[1].size)[0][0].split('/').pop()!
  await expect(size.getByTestId('size-files-row').first()).toContainText(biggest)
  await expect(size.getByTestId('size-assets-row').first()).toContainText('Assets/Sprites/red.png')
  await expect(size.getByTestId('size-assets-row').first()).toContainText('Texture')
  // Folders drill down: Assets › Sprites.
  await size.getByTestId('size-folders-row').filter({ hasText: 'Assets' }).first().click()
  await expect(size.getByTestId('size-folders-row').first()).toContainText('Sprites')
  // An asset's size over the last builds: 149 KB in the first, 446 KB in the second.
  await size.getByTestId('size-assets-row').first().click()
  const history = page.getByTestId('asset-history-points-row')
  await expect(history).toHaveCount(2)
  await expect(history.nth(0)).toContainText('149 KB')
  await expect(history.nth(1)).toContainText('446 KB')
  // The budget's verdict, with the asset that weighs most.
  await expect(size.getByTestId('size-budget')).toContainText('is over the budget of 60.0 MB')
  await expect(size.getByTestId('size-budget')).toContainText('Assets/Sprites/red.png')
  await page.screenshot({ path: screenshotPath('buildsize-size'), fullPage: true })

  await page.getByTestId('builds-tab-compare').click()
  const total = page.getByTestId('compare-total')
  await expect(total).toHaveAttribute('data-delta', String(sb.summaryTotal - sa.summaryTotal))
  // Files: the ones whose size differs in the two m_Files lists, biggest change first.
  const changedFiles = [...new Set([...sa.files.keys(), ...sb.files.keys()])]
    .map((p) => ({ name: p.split('/').pop()!, delta: (sb.files.get(p)?.size ?? 0) - (sa.files.get(p)?.size ?? 0) }))
    .filter((f) => f.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
  const rows = page.getByTestId('diff-files-row')
  await expect(rows).toHaveCount(changedFiles.length)
  for (let i = 0; i < changedFiles.length; i++) await expect(rows.nth(i)).toContainText(changedFiles[i].name)
  await expect(rows.first()).toHaveAttribute('data-change', 'grown')
  await page.screenshot({ path: screenshotPath('buildsize-compare-files'), fullPage: true })

  await page.getByTestId('compare-tab-assets').click()
  const assetRows = page.getByTestId('diff-assets-row')
  const grown = (sb.perAsset.get('8fbc1d2a1c0a4fe4ca0dcac8bfed5568') ?? 0) - (sa.perAsset.get('8fbc1d2a1c0a4fe4ca0dcac8bfed5568') ?? 0)
  expect(grown).toBe(455625 - 151875)
  await expect(assetRows).toHaveCount(1)
  await expect(assetRows.first()).toContainText('Assets/Sprites/red.png')
  await expect(assetRows.first()).toContainText('+297 KB')
  await page.screenshot({ path: screenshotPath('buildsize-compare-assets'), fullPage: true })

  // Budget state on each job of the history.
  await page.getByTestId('builds-tab-history').click()
  await expect(page.getByTestId('history-row')).toHaveCount(2)
  for (const row of await page.getByTestId('history-row').all()) await expect(row.getByTestId('budget-badge')).toHaveAttribute('data-state', 'warn')
  await page.screenshot({ path: screenshotPath('buildsize-history-budget'), fullPage: true })
})
