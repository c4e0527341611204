import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { AssetsPage } from './support/assets-page'
import { BuildsPage } from './support/builds-page'
import { CodePage } from './support/code-page'
import { copyFixtureProject } from './support/project-copy'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'
import { makeUnityStandin } from './support/unity-standin'

// Project A (a copy of BoatAttack's scripts and scenes, with the bridge so it can build) is served;
// project B (a copy of NavMeshComponents) is the one other folder the server may switch to
// (`--allow-open`). The page fills every view with A, then switches to B under open views.
let serve: ServeHandle
let a: { root: string; remove(): void }
let b: { root: string; remove(): void }
let unity: ReturnType<typeof makeUnityStandin>
const A_FILE = 'Assets/Scripts/Boat/Engine.cs'

test.beforeAll(async () => {
  a = copyFixtureProject('BoatAttack', ['Assets/Scripts', 'Assets/scenes'])
  fs.cpSync(path.resolve('resources', 'unity-package'), path.join(a.root, 'Packages', 'com.slate.bridge'), { recursive: true })
  b = copyFixtureProject('NavMeshComponents', ['Assets'])
  unity = makeUnityStandin()
  serve = await startServe(a.root, { UNITY_PATH: unity.unityPath }, ['--allow-open', b.root])
})
test.afterAll(async () => {
  unity?.killLeftovers()
  await serve?.stop()
  a?.remove()
  b?.remove()
  unity?.remove()
})

test('switching projects never shows the previous project’s data', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  const builds = new BuildsPage(page)
  const assets = new AssetsPage(page)
  await shell.open(serve.url)
  await expect(page.getByTestId('dashboard-product')).toHaveText('BoatAttack')

  // A: a file open in the editor, a finished build in the history, scripts in the asset browser.
  await code.quickOpen('scripts/boat/engine', A_FILE)
  await expect(code.tab(A_FILE)).toBeVisible()
  await shell.go('builds')
  await builds.ready()
  unity.scenario('success', 500)
  await builds.startWithKeyboard()
  await builds.waitFinished('succeeded')
  await builds.live().getByTestId('live-show-history').click()
  await expect(builds.historyRows()).toHaveCount(1)
  await shell.go('assets')
  await assets.search('t:Script')
  await expect(assets.item(A_FILE)).toBeVisible()
  await page.screenshot({ path: screenshotPath('project-switch-a-assets'), fullPage: true })

  // The switch, from the dashboard: only the folders the server was started with are offered.
  await shell.go('dashboard')
  const options = await page.getByTestId('project-switch').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))
  expect(options).toEqual(['', b.root])
  await page.getByTestId('project-switch').selectOption(b.root)
  await expect(page.getByTestId('dashboard-product')).toHaveText('NavMeshComponents')
  await expect(shell.statusProject()).toContainText('NavMeshComponents')
  await expect(shell.statusProject()).not.toContainText('BoatAttack')
  await expect(page.getByTestId('dash-assets-total')).toBeVisible()
  await page.screenshot({ path: screenshotPath('project-switch-b-dashboard'), fullPage: true })

  // Code: A's tab and buffer are gone, not just hidden.
  await shell.go('code')
  await expect(page.getByTestId('code-tab')).toHaveCount(0)
  await expect(page.locator(`[data-testid="code-editor"][data-path="${A_FILE}"]`)).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('project-switch-b-code'), fullPage: true })

  // Builds: no live build and no history of A.
  await shell.go('builds')
  await builds.ready()
  await expect(page.getByTestId('live-build')).toHaveCount(0)
  await builds.tab('history').click()
  await expect(page.getByTestId('history-empty')).toBeVisible()
  await expect(builds.historyRows()).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('project-switch-b-builds'), fullPage: true })

  // Assets: the same search lists B's scripts only.
  await shell.go('assets')
  await assets.search('t:Script')
  await expect(assets.items().first()).toBeVisible()
  const paths = await assets.items().evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''))
  expect(paths.length).toBeGreaterThan(0)
  expect(paths.filter((p) => p.startsWith('Assets/Scripts/Boat'))).toEqual([])
  for (const p of paths) expect(fs.existsSync(path.join(b.root, p)), p).toBe(true)
  await page.screenshot({ path: screenshotPath('project-switch-b-assets'), fullPage: true })

  // Quick open searches B's files: A's file is not offered.
  await page.keyboard.press('Control+K')
  await page.getByTestId('quick-open-input').fill('engine.cs')
  await expect(page.locator(`[data-testid="quick-open-item"][data-path="${A_FILE}"]`)).toHaveCount(0)
  await page.keyboard.press('Escape')
})

test('the page cannot make the server open a folder it was not started with', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  const outcome = await page.evaluate(async (token) => {
    const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`)
    await new Promise((resolve) => (ws.onopen = resolve))
    const answer = new Promise<unknown>((resolve) => (ws.onmessage = (ev) => resolve(JSON.parse(String(ev.data)))))
    ws.send(JSON.stringify({ id: 1, method: 'project.open', args: { root: '/' } }))
    const out = await answer
    ws.close()
    return out
  }, serve.token)
  expect(outcome).toMatchObject({ id: 1, ok: false, error: { code: 'forbidden_path' } })
  await expect(page.getByTestId('dashboard-product')).not.toHaveText('')
})
