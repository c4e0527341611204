import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { copyFixtureProject } from './support/project-copy'
import { CodePage } from './support/code-page'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// Write tests run on a temporary copy of part of BoatAttack: the shared fixture is never touched.
const copy = copyFixtureProject('BoatAttack', ['Assets/Scripts', 'Assets/Materials'])
let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  await serve?.stop()
  copy.remove()
})

const FILE = 'Assets/Scripts/Boat/Engine.cs'

test('a C# file opens from quick open, is edited, saved with Ctrl+S, and the change is on disk', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('scripts/boat/engine', FILE)
  await expect(code.tab(FILE)).toHaveAttribute('data-dirty', 'false')
  await code.typeAtEnd('\n// tuned by e2e\n')
  await expect(code.tab(FILE)).toHaveAttribute('data-dirty', 'true')
  await page.screenshot({ path: screenshotPath('code-dirty') })
  await page.keyboard.press('Control+S')
  await expect(code.tab(FILE)).toHaveAttribute('data-dirty', 'false')
  expect(fs.readFileSync(path.join(copy.root, FILE), 'utf8')).toContain('// tuned by e2e')
  await page.screenshot({ path: screenshotPath('code-saved') })
})

test('a change made on disk behind the editor is detected on save; compare and reload are offered', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  const file = 'Assets/Scripts/Boat/HumanController.cs'
  await shell.open(serve.url)
  await code.quickOpen('HumanController.cs', file)
  await code.typeAtEnd('\n// mine\n')
  fs.writeFileSync(path.join(copy.root, file), '// changed by a colleague\n')
  await page.keyboard.press('Control+S')
  await expect(page.getByTestId('code-conflict')).toBeVisible()
  await expect(page.getByTestId('code-conflict')).toContainText('changed on disk')
  // nothing was overwritten
  expect(fs.readFileSync(path.join(copy.root, file), 'utf8')).toBe('// changed by a colleague\n')
  await page.getByTestId('conflict-compare').click()
  await expect(page.getByTestId('code-diff')).toBeVisible()
  await expect(page.getByTestId('code-diff')).toContainText('changed by a colleague')
  await page.screenshot({ path: screenshotPath('code-conflict-compare') })
  await page.getByTestId('conflict-reload').click()
  await expect(page.getByTestId('code-conflict')).toBeHidden()
  await expect(code.tab(file)).toHaveAttribute('data-dirty', 'false')
  await expect(code.editor()).toContainText('changed by a colleague')
})

test('find in files lists matches and a click opens the file at that line', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('code')
  await page.keyboard.press('Control+Shift+F')
  await page.getByTestId('find-query').fill('m_Shader')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('find-summary')).toContainText('results in')
  const hit = page.getByTestId('find-hit').first()
  await hit.click()
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-path', /\.mat$/)
  await expect(page.getByTestId('code-yaml-banner')).toBeVisible()
  await expect(page.locator('.monaco-editor .current-line').first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('code-find-yaml') })
})

test('go to file:line from the URL, and a clear message for a file that is not in the project', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.goto(`${serve.url}#/code?path=${encodeURIComponent('Assets/Scripts/Nope/Missing.cs')}&line=3`)
  await expect(page.getByTestId('code-open-error')).toContainText('Assets/Scripts/Nope/Missing.cs is not in this project')
})
