import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { copyFixtureProject } from './support/project-copy'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// What the UI says must be true: a build log's verdict, the cursor and language, settings that
// are checked, and a lost core said as such.
const LOG02 = path.join(fixturesDir, 'logs', fs.readdirSync(path.join(fixturesDir, 'logs')).find((f) => f.startsWith('02_'))!)
const SCRIPT = 'Assets/Scripts/Trust/Probe.cs'
const copy = copyFixtureProject('BoatAttack', [])
fs.mkdirSync(path.join(copy.root, path.dirname(SCRIPT)), { recursive: true })
fs.writeFileSync(path.join(copy.root, SCRIPT), 'using UnityEngine;\n\npublic class Probe : MonoBehaviour\n{\n    void Start() { }\n}\n')
let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  await serve?.stop()
  copy.remove()
})

test("a failed build's log shows its verdict, its first error and the Gradle failure as an error", async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('console')
  await page.getByTestId('console-file-input').setInputFiles(LOG02)
  await expect(page.getByTestId('console-status')).not.toContainText('Reading')
  const verdict = page.getByTestId('console-verdict')
  await expect(verdict).toHaveAttribute('data-verdict', 'failed')
  await expect(verdict).toContainText('Build failed')
  await expect(verdict).toContainText('first error:')
  await expect(verdict).toContainText('CS0246')
  await page.getByTestId('console-search').fill('checkReleaseDuplicateClasses')
  const gradle = page.getByTestId('console-row').filter({ hasText: "Execution failed for task ':launcher:checkReleaseDuplicateClasses'" }).first()
  await expect(gradle).toHaveAttribute('data-level', 'error')
  await page.screenshot({ path: screenshotPath('trust-console-verdict') })
})

test('the status bar shows Ln/Col and the language of the code view', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(`${serve.url}#/code?path=${encodeURIComponent(SCRIPT)}&line=3&column=8`)
  await expect(page.getByTestId('status-language')).toHaveText('C#')
  await expect(page.getByTestId('status-cursor')).toHaveText('Ln 3, Col 8')
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('status-cursor')).toHaveText(/^Ln 4, Col \d+$/)
  await page.screenshot({ path: screenshotPath('trust-status-cursor') })
  await shell.go('dashboard')
  await expect(page.getByTestId('status-cursor')).toHaveCount(0)
})

test('the page has a favicon', async ({ page }) => {
  await new ShellPage(page).open(serve.url)
  const href = await page.locator('link[rel="icon"]').getAttribute('href')
  expect(href).toBeTruthy()
  const res = await page.request.get(new URL(href!, page.url()).href)
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('image/svg+xml')
})

test('settings refuse what cannot work, and Test connection tries the server', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('settings')
  await page.getByTestId('setting-databaseUrl').fill('not a url')
  await page.getByTestId('setting-unityPath').fill(path.join(copy.root, 'no-unity-here'))
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('setting-error-databaseUrl')).toContainText('is not a URL')
  await expect(page.getByTestId('setting-error-unityPath')).toContainText('Nothing is at')
  await expect(page.getByText('Saved.')).toHaveCount(0)
  await page.getByTestId('setting-redisUrl').fill('redis://127.0.0.1:6379')
  await page.getByTestId('test-redisUrl').click()
  await expect(page.getByTestId('test-result-redisUrl')).toHaveText('Connected to Redis.')
  await page.screenshot({ path: screenshotPath('trust-settings') })
})

test('when the core goes away the UI says so and shows health as unknown', async ({ page }) => {
  const own = await startServe(copy.root)
  const shell = new ShellPage(page)
  await shell.open(own.url)
  await expect(page.getByTestId('health-database')).toHaveClass(/health-ok/)
  await expect(page.getByTestId('core-unreachable')).toHaveCount(0)
  await own.stop()
  await expect(page.getByTestId('core-unreachable')).toContainText("SLATE's core is not reachable")
  await expect(page.getByTestId('health-database')).toHaveClass(/health-unknown/)
  await expect(page.getByTestId('dash-health-database')).toHaveClass(/health-unknown/)
  await page.screenshot({ path: screenshotPath('trust-core-unreachable') })
})

test('a profile follows its target, takes Android settings, and an output that does not fit the package is refused', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('builds')
  await expect(page.getByTestId('profile-editor')).toBeVisible()
  await page.getByTestId('field-target').selectOption('Android')
  await expect(page.getByTestId('field-name')).toHaveValue(/^Android \(/)
  await expect(page.getByTestId('field-outputPath')).toHaveValue(/^Builds\/Android\/.*\.apk$/)
  await expect(page.getByTestId('platform-android')).toBeVisible()
  await page.getByTestId('field-android-format').selectOption('aab')
  await expect(page.getByTestId('issue-outputPath')).toContainText('must end in .aab')
  await page.getByTestId('field-keystore-passwordEnv').fill('my secret password')
  await expect(page.getByTestId('validation-summary')).toContainText('environment variable')
  await page.screenshot({ path: screenshotPath('trust-android-settings'), fullPage: true })
  // This project has no bridge and no Unity: the view does not claim it is ready.
  await expect(page.getByTestId('validation-summary')).not.toContainText('Ready to build')
})
