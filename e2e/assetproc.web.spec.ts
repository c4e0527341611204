import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { copyFixtureProject } from './support/project-copy'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'
import { AssetsPage } from './support/assets-page'

/**
 * Asset processing in the asset browser, through `slate serve` on a copy of 2d-techdemos (the
 * shared fixture is never written): mark PNG textures, Process… to WebP with a resize, preview,
 * run with progress (a broken PNG among them fails alone), replace one source (its .meta GUID
 * stays) and find the batch in the history.
 */
const SPRITES = 'Assets/Tilemap/Tiles/Auto Tile/Sprites'
const guidOf = (file: string) => /^guid:\s*([0-9a-f]{32})/m.exec(fs.readFileSync(file, 'utf8'))?.[1]

let copy: { root: string; remove(): void }
let serve: ServeHandle
test.beforeAll(async () => {
  copy = copyFixtureProject('2d-techdemos', ['Assets'])
  // A truncated PNG (a bad download): its error shows on its row and the batch goes on.
  const good = fs.readFileSync(path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt.png'))
  fs.writeFileSync(path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt_broken.png'), good.subarray(0, Math.floor(good.length / 4)))
  const meta = fs.readFileSync(path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt.png.meta'), 'utf8')
  fs.writeFileSync(path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt_broken.png.meta'), meta.replace(/^guid:\s*[0-9a-f]{32}/m, 'guid: 0123456789abcdef0123456789abcdef'))
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  await serve?.stop()
  copy?.remove()
})

test('mark PNG textures, Process… to WebP with a resize: preview, run with progress, replace one keeping its GUID, history', async ({ page }) => {
  test.setTimeout(180_000)
  const shell = new ShellPage(page)
  const assets = new AssetsPage(page)
  await shell.open(serve.url)
  await shell.go('assets')
  await assets.search('Sprite_Tiles_Dirt')
  const pngs = page.locator('[data-testid="asset-item"][data-path$=".png"]')
  await expect(pngs).toHaveCount(4)
  const paths = await pngs.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!))
  // Ctrl+click marks each one.
  for (const p of paths) await assets.item(p).click({ modifiers: ['Control'] })
  await expect(page.getByTestId('asset-process')).toHaveText('Process 4 selected…')
  await expect(page.locator('.asset-tile.marked')).toHaveCount(4)
  await page.getByTestId('asset-process').click()
  const dialog = page.getByTestId('process-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('Process 4 selected assets')
  // Only textures are selected: only the texture options show.
  await expect(dialog.getByTestId('proc-texture')).toBeVisible()
  await expect(dialog.getByTestId('proc-audio')).toHaveCount(0)
  await dialog.getByTestId('proc-texture-format').selectOption('webp')
  await dialog.getByTestId('proc-resize').fill('64')

  // Preview: figures before/after, nothing written in the project.
  await dialog.getByTestId('proc-preview').click()
  const preview = dialog.getByTestId('proc-preview-result')
  await expect(preview.getByTestId('proc-file')).toHaveCount(4)
  const okPreview = preview.locator('[data-testid="proc-file"][data-ok="true"]')
  await expect(okPreview).toHaveCount(3)
  for (const after of await okPreview.getByTestId('proc-after').allTextContents()) expect(after).toMatch(/B · (64×\d+|\d+×64)/)
  await expect(preview.locator('[data-testid="proc-file"][data-ok="false"]').getByTestId('proc-file-error')).toContainText(/cannot (read|decode)/i)
  expect(fs.existsSync(path.join(copy.root, 'Assets/Processed'))).toBe(false)
  await page.screenshot({ path: screenshotPath('assetproc-preview') })

  // Run: progress per file and in total; the broken file fails alone.
  await dialog.getByTestId('proc-run').click()
  const run = dialog.getByTestId('proc-run-state')
  await expect(run).toHaveAttribute('data-phase', 'finished', { timeout: 120_000 })
  await expect(run.getByTestId('proc-totals')).toHaveText('4/4 files, 1 failed — finished')
  await expect(run.locator('[data-testid="proc-file"][data-ok="true"]')).toHaveCount(3)
  await expect(run.locator('[data-testid="proc-file"][data-ok="false"]')).toContainText('Sprite_Tiles_Dirt_broken.png')
  const outDir = path.join(copy.root, 'Assets/Processed', SPRITES)
  const written = fs.readdirSync(outDir).sort()
  expect(written.filter((f) => f.endsWith('.webp'))).toHaveLength(3)
  expect(written.filter((f) => f.endsWith('.webp.meta'))).toHaveLength(3)
  expect(written.some((f) => f.startsWith('.'))).toBe(false)
  await page.screenshot({ path: screenshotPath('assetproc-run') })

  // Replace one source, after an explicit confirmation: the .meta (GUID) moves with it.
  const source = path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt.png')
  const guid = guidOf(`${source}.meta`)
  expect(guid).toBeTruthy()
  const row = run.locator(`[data-testid="proc-file"][data-source="${SPRITES}/Sprite_Tiles_Dirt.png"]`)
  await row.getByTestId('proc-replace').click()
  await expect(row.getByTestId('proc-replace-confirm')).toContainText('Its .meta stays')
  // WebP is not one of Unity's own texture formats: the step says so before anything happens.
  await expect(row.getByTestId('proc-replace-warning')).toContainText('Unity does not import .webp')
  await page.screenshot({ path: screenshotPath('assetproc-replace-confirm') })
  await row.getByTestId('proc-replace-ok').click()
  await expect(row.getByTestId('proc-replaced')).toContainText(`GUID ${guid} kept`)
  const replaced = path.join(copy.root, SPRITES, 'Sprite_Tiles_Dirt.webp')
  expect(fs.existsSync(source)).toBe(false)
  expect(fs.readFileSync(replaced).subarray(8, 12).toString('latin1')).toBe('WEBP')
  expect(guidOf(`${replaced}.meta`)).toBe(guid)
  expect(fs.existsSync(`${source}.meta`)).toBe(false)
  // The original is in SLATE's backups.
  const backups = path.join(serve.dataDir, 'asset-backups')
  const [backup] = fs.readdirSync(backups)
  expect(fs.readFileSync(path.join(backups, backup, 'files', SPRITES, 'Sprite_Tiles_Dirt.png')).subarray(1, 4).toString('latin1')).toBe('PNG')

  // History: the run and the preview, newest first.
  await dialog.getByTestId('proc-tab-history').click()
  const items = dialog.getByTestId('proc-history-item')
  await expect(items).toHaveCount(2)
  await expect(items.first()).toHaveAttribute('data-kind', 'run')
  await expect(items.first().getByTestId('proc-history-counts')).toHaveText('3/4 done, 1 failed')
  await expect(items.first()).toContainText('textures → WEBP, ≤64px')
  await items.first().locator('button').first().click()
  await expect(items.first().getByTestId('proc-file')).toHaveCount(4)
  // The replaced source shows as replaced (not offered again), with its kept GUID.
  const replacedRow = items.first().locator(`[data-testid="proc-file"][data-source="${SPRITES}/Sprite_Tiles_Dirt.png"]`)
  await expect(replacedRow.getByTestId('proc-replaced')).toContainText(`GUID ${guid} kept`)
  await expect(replacedRow.getByTestId('proc-replace')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('assetproc-history') })
})
