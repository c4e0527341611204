import { expect, test } from '@playwright/test'
import { generatedProject } from './support/generated'
import { AssetsPage } from './support/assets-page'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// 100,000 generated assets and a 1,000,000-line log: the views must open them, not time out.
test.describe.configure({ timeout: 300_000 })
let serve: ServeHandle
let gen: ReturnType<typeof generatedProject>
test.beforeAll(async () => {
  test.setTimeout(300_000)
  gen = generatedProject(100_000, 1_000_000)
  serve = await startServe(gen.root)
})
test.afterAll(async () => serve?.stop())

test('a generated project of 100,000 assets opens in the asset browser and scrolls to its last asset', async ({ page }) => {
  const shell = new ShellPage(page)
  const assets = new AssetsPage(page)
  await shell.open(serve.url)
  await shell.go('assets')
  // The first search may wait for the index of 100k assets that `slate serve` builds at start.
  await expect(page.getByTestId('asset-status')).not.toContainText('Indexing', { timeout: 120_000 })
  await assets.search('t:Texture')
  await expect(assets.grid()).toHaveAttribute('data-total', '30000')
  await expect(assets.items().first()).toHaveAttribute('data-type', 'Texture')
  // Jump to the end: only the rows on screen are rendered, and their page is fetched on demand.
  await assets.grid().evaluate((el) => (el.scrollTop = el.scrollHeight))
  await expect(assets.items().last()).toHaveAttribute('data-path', /texture_\d+\.png$/)
  const rendered = await assets.items().count()
  expect(rendered).toBeLessThan(400)
  await page.screenshot({ path: screenshotPath('scale-assets-100k') })
})

test('quick open finds a file among 100,000', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.keyboard.press('Control+K')
  await expect(page.getByTestId('quick-open-results')).toContainText('files')
  await page.getByTestId('quick-open-input').pressSequentially('material_4242')
  await expect(page.getByTestId('quick-open-item').first()).toHaveAttribute('data-path', /material_4242\.mat$/)
  await page.screenshot({ path: screenshotPath('scale-quick-open-100k') })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('code-yaml-banner')).toBeVisible()
})
