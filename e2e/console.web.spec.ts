import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { writeUnityLog } from './support/gen-log'
import { copyFixtureProject } from './support/project-copy'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

const LOG02 = path.join(fixturesDir, 'logs', fs.readdirSync(path.join(fixturesDir, 'logs')).find((f) => f.startsWith('02_'))!)

// A small copy of the project (settings only) with a generated million-line log in its Logs/ folder.
const copy = copyFixtureProject('BoatAttack', [])
fs.mkdirSync(path.join(copy.root, 'Logs'), { recursive: true })
let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  await serve?.stop()
  copy.remove()
})

test('log 02 opened in the console shows its compiler errors under the error filter; a click opens the file or says clearly it is missing', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('console')
  await expect(page.getByTestId('console-empty')).toBeVisible()
  await page.getByTestId('console-file-input').setInputFiles(LOG02)
  await expect(page.getByTestId('console-status')).toContainText('entries')
  await expect(page.getByTestId('console-status')).not.toContainText('Reading')
  // Error only: switch the other levels off.
  for (const l of ['info', 'warning', 'exception']) await page.getByTestId(`console-level-${l}`).click()
  const errorCount = Number((await page.getByTestId('console-count-error').textContent())!.replace(/\D/g, ''))
  expect(errorCount).toBeGreaterThanOrEqual(98)
  await expect(page.getByTestId('console-list')).toHaveAttribute('data-total', String(errorCount))
  const first = page.getByTestId('console-row').first()
  await expect(first).toHaveAttribute('data-level', 'error')
  await expect(page.getByTestId('console-row').filter({ hasText: 'error CS0246' }).first()).toBeVisible()
  await page.getByTestId('console-row').filter({ hasText: 'error CS0246' }).first().click()
  await expect(page.getByTestId('console-detail')).toContainText('CS0246')
  await page.screenshot({ path: screenshotPath('console-log02-errors') })
  const loc = page.getByTestId('console-row').filter({ hasText: 'error CS0246' }).first().getByTestId('console-location')
  await loc.click()
  await expect(page.getByTestId('view-code')).toBeVisible()
  // The AR project's files are not in BoatAttack: the editor says so instead of failing silently.
  await expect(page.getByTestId('code-open-error')).toContainText(/Assets\/UnityARInterface\/.*\.cs is not in this project/)
  await page.screenshot({ path: screenshotPath('console-log02-missing-file') })
})

test('a generated log of 1,000,000 lines loads, and filtering and collapsing apply to all of it', async ({ page }) => {
  const { errors, lines } = writeUnityLog(path.join(copy.root, 'Logs', 'big.log'), 1_000_000)
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.goto(`${serve.url}#/console?path=Logs/big.log`)
  await expect(page.getByTestId('console-status')).toContainText(`${lines.toLocaleString('en-US')} lines`, { timeout: 90_000 })
  await expect(page.getByTestId('console-source')).not.toContainText('(live)')
  await page.getByTestId('console-level-info').click()
  await page.getByTestId('console-level-warning').click()
  await page.getByTestId('console-level-exception').click()
  await expect(page.getByTestId('console-count-error')).toHaveText(errors.toLocaleString('en-US'))
  await expect(page.getByTestId('console-list')).toHaveAttribute('data-total', String(errors))
  await page.getByTestId('console-search').fill('Pathfinder3')
  await expect(page.getByTestId('console-row').first()).toContainText('Pathfinder3')
  await page.getByTestId('console-collapse').click()
  await expect(page.getByTestId('console-row').first().locator('.count-badge')).toBeVisible()
  await page.screenshot({ path: screenshotPath('console-1m-lines') })
})

test('auto-scroll follows the end, pauses when the user scrolls up; export and clear work', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('console')
  await page.getByTestId('console-file-input').setInputFiles(LOG02)
  await expect(page.getByTestId('console-status')).toContainText('entries')
  await expect(page.getByTestId('console-status')).not.toContainText('Reading')
  const list = page.getByTestId('console-list')
  // Following: the last row is on screen.
  await expect.poll(() => list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(40)
  await list.hover()
  await page.mouse.wheel(0, -2000)
  await expect(page.getByTestId('console-jump-latest')).toBeVisible()
  await page.getByTestId('console-jump-latest').click()
  await expect(page.getByTestId('console-jump-latest')).toBeHidden()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/-filtered\.log$/)
  const text = fs.readFileSync(await file.path(), 'utf8')
  expect(text).toContain('error CS0246')
  await page.getByRole('button', { name: 'Clear' }).click()
  await expect(list).toHaveAttribute('data-total', '0')
  await expect(page.getByTestId('console-count-error')).toHaveText('0')
})
