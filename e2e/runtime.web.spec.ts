import { expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { copyFixtureProject } from './support/project-copy'
import { repoRoot, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// The Runtime view through `slate serve` in solo mode: the container service runs inside the app
// on its in-process bus, the session runs in a real container on the machine's Docker engine.
const IMAGE = 'slate-runtime-test:busybox'
const docker = process.env.DOCKER_HOST
test.skip(!docker, 'Docker is unavailable: DOCKER_HOST is not set. Run `eval "$(sh test/docker/start-dockerd.sh)"` first; runtime sessions need a Docker engine and the locally built test image.')

const copy = copyFixtureProject('BoatAttack', [])
fs.mkdirSync(path.join(copy.root, 'Builds', 'Server'), { recursive: true })
fs.writeFileSync(path.join(copy.root, 'Builds', 'Server', 'hello.txt'), 'the project folder\n')
let serve: ServeHandle
const sessions: string[] = []

test.beforeAll(async () => {
  execFileSync('sh', [path.join(repoRoot, 'test/docker/build-runtime-image.sh')], { stdio: 'inherit' })
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  // a session the test could not stop (it failed half-way) is removed so the shared engine stays clean
  for (const id of sessions) {
    try {
      execFileSync('docker', ['rm', '-f', `slate-runtime-${id}`], { stdio: 'ignore' })
    } catch {
      /* already gone */
    }
  }
  await serve?.stop()
  copy.remove()
})

test('start a session from the dialog in the local image; its log lines, stats and a shell; stop it', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('runtime')
  await expect(page.getByTestId('view-runtime')).toBeVisible()

  await page.getByTestId('runtime-start').click()
  const dialog = page.getByTestId('runtime-start-dialog')
  await expect(dialog).toBeVisible()
  // the built-in presets are offered (Unity dedicated server from SLATE's Linux builds)
  await expect(page.getByTestId('runtime-preset').locator('option', { hasText: 'unity-dedicated-server' })).toHaveCount(1)
  await page.getByTestId('runtime-image').fill(IMAGE)
  await page.getByTestId('runtime-command').fill('echo "hello from $(cat /game/hello.txt)"; echo "warning: a test warning"; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 1; done')
  await dialog.getByLabel('Memory').fill('64m')
  await dialog.getByLabel('Mounts').fill('Builds/Server:/game')
  await page.screenshot({ path: screenshotPath('runtime-start-dialog') })
  await page.getByTestId('runtime-start-submit').click()
  await expect(dialog).toBeHidden({ timeout: 60_000 })

  await expect(page.getByTestId('runtime-detail-status')).toHaveText('running')
  const id = new URL(page.url()).hash.match(/session=([0-9a-f-]+)/)![1]
  sessions.push(id)
  const log = page.getByTestId('runtime-log')
  await expect(log).toContainText('hello from the project folder')
  await expect(log).toContainText('warning: a test warning')
  await expect(log).toContainText('tick 3')
  await expect(log.locator('.level-warning')).toContainText('a test warning')

  await expect(page.getByTestId('runtime-stats-latest')).toContainText(/of 64 MiB/)
  await expect(page.getByTestId('runtime-chart-cpu').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('runtime-chart-memory').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('runtime-chart-network').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('runtime-stats-latest')).toContainText(/[2-9]\d* samples|\d{2,} samples/)

  await page.getByTestId('runtime-exec-input').fill('echo exec-works; id -u')
  await page.getByTestId('runtime-exec-input').press('Enter')
  await expect(page.getByTestId('runtime-exec-output')).toContainText('exec-works')
  await expect(page.getByTestId('runtime-exec-output')).toContainText('1000')
  await expect(page.getByTestId('runtime-exec-status')).toHaveText('exit code 0')
  await page.screenshot({ path: screenshotPath('runtime-running') })

  await page.getByTestId('runtime-stop').click()
  await expect(page.getByTestId('runtime-detail-status')).toHaveText('stopped', { timeout: 60_000 })
  await expect(page.getByTestId(`runtime-session-${id}`).getByTestId('runtime-session-status')).toHaveText('stopped')
  await expect(page.getByTestId('runtime-exec-input')).toBeDisabled()
  // the log stays (it is in the database)
  await expect(log).toContainText('hello from the project folder')
  await page.screenshot({ path: screenshotPath('runtime-stopped') })

  // the same log in the Console view (levels, search, export)
  await page.getByTestId('runtime-open-console').click()
  await expect(page.getByTestId('view-console')).toBeVisible()
  await expect(page.getByTestId('console-list')).toContainText('hello from the project folder')
  // lines the log aggregator had not written yet (it batches for seconds) are there too
  await expect(page.getByTestId('console-list')).toContainText('tick 3')
  await expect(page.getByTestId('console-count-warning')).toHaveText('1')
  await page.screenshot({ path: screenshotPath('runtime-log-in-console') })
})

test('analytics: the session that ran is counted', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('analytics')
  await expect(page.getByTestId('view-analytics')).toBeVisible()
  // the analytics service writes within seconds; the view reads on Refresh
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect(page.getByTestId('analytics-cards')).toContainText('1 ended: 1 stopped, 0 failed', { timeout: 2000 })
  }).toPass({ timeout: 30_000 })
  await page.getByTestId('analytics-range').selectOption('24h')
  await expect(page.getByTestId('analytics-chart-events').locator('canvas')).toBeVisible()
  await page.screenshot({ path: screenshotPath('analytics') })
})
