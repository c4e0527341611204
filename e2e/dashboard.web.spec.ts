import { expect, test } from '@playwright/test'
import path from 'node:path'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(path.join(fixturesDir, 'unity', 'BoatAttack'))
})
test.afterAll(async () => serve?.stop())

test('the dashboard shows the project’s figures: Unity version, assets by type, packages, problems, health', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await expect(page.getByTestId('dashboard-unity')).toHaveText('2020.3.23f1')
  await expect(page.getByTestId('dash-assets-total')).toHaveText(/^\d{1,3}(,\d{3})*$/)
  const total = Number((await page.getByTestId('dash-assets-total').textContent())!.replace(/,/g, ''))
  expect(total).toBeGreaterThan(500)
  await expect(page.getByTestId('dash-types')).toContainText('Material')
  await expect(page.getByTestId('dash-types')).toContainText('Prefab')
  await expect(page.getByTestId('dash-packages')).toContainText('com.unity.render-pipelines.universal')
  await expect(page.getByTestId('dash-problems')).not.toHaveText('0')
  await expect(page.getByTestId('dash-health-database')).toBeVisible()
  // solo mode: the backend services run inside this `slate serve`, on its in-process bus
  await expect(page.getByTestId('dash-service-logs')).toContainText('line(s) stored')
  await expect(page.getByTestId('dash-service-container')).toBeVisible()
  await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true })
  // A type bar is a link to that search in the asset browser.
  await page.getByTestId('dash-types').getByRole('button', { name: /Material/ }).click()
  await expect(page.getByTestId('asset-grid')).toHaveAttribute('data-loaded', /t:Material/)
})

test('? lists the keyboard shortcuts, Escape closes the list', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.keyboard.press('Shift+?')
  const list = page.getByTestId('shortcuts')
  await expect(list).toContainText('Quick open')
  // made from the key binding registry: Ctrl+B is there, and the browser's chords are not
  await expect(list.getByRole('row', { name: /Start a build/ })).toContainText('Ctrl+B')
  await expect(list.getByRole('row', { name: /Quick open/ })).toContainText('Ctrl+K')
  await expect(list.getByRole('row', { name: /Dashboard view/ })).toContainText('Alt+1')
  await expect(list).not.toContainText('Ctrl+P')
  await page.screenshot({ path: screenshotPath('shortcuts') })
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('shortcuts')).toBeHidden()
})
