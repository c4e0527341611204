import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { BuildsPage } from './support/builds-page'
import { copyFixtureProject } from './support/project-copy'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'
import { makeUnityStandin } from './support/unity-standin'

// Builds of a temp copy of BoatAttack (its settings, packages and scenes) with the Unity stand-in
// found through UNITY_PATH. The tests share one server and run in order: history accumulates.
let serve: ServeHandle
let copy: { root: string; remove(): void }
let unity: ReturnType<typeof makeUnityStandin>
const AR_FILE = 'Assets/UnityARInterface/ARRemote/Scripts/ARRemoteEditorInterface.cs'

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  copy = copyFixtureProject('BoatAttack', ['Assets/scenes'])
  // Log 02's first compile error points here; with the file in the project the click must open it.
  fs.mkdirSync(path.join(copy.root, path.dirname(AR_FILE)), { recursive: true })
  fs.writeFileSync(path.join(copy.root, AR_FILE), Array.from({ length: 60 }, (_, i) => `// line ${i + 1}`).join('\n') + '\n')
  // Builds need the bridge in the project (the view says "not ready" otherwise): embed it as SLATE does.
  fs.cpSync(path.resolve('resources', 'unity-package'), path.join(copy.root, 'Packages', 'com.slate.bridge'), { recursive: true })
  unity = makeUnityStandin()
  serve = await startServe(copy.root, { UNITY_PATH: unity.unityPath })
})
test.afterAll(async () => {
  // A failed test can leave the `slow` stand-in hanging: end it before stopping the server.
  unity?.killLeftovers()
  await serve?.stop()
  copy?.remove()
  unity?.remove()
})

async function openBuilds(page: import('@playwright/test').Page) {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await shell.go('builds')
  const builds = new BuildsPage(page)
  await builds.ready()
  return builds
}

test('the profile editor refuses deep profiling without a development build, and says why', async ({ page }) => {
  const builds = await openBuilds(page)
  await expect(page.getByTestId('unity-discovery')).toHaveAttribute('data-found', 'true')
  await expect(page.getByTestId('unity-discovery')).toContainText(unity.unityPath)
  // Scenes default to EditorBuildSettings.
  await expect(page.getByTestId('scenes-follow')).toBeChecked()
  await expect(page.getByTestId('field-scenes')).toContainText('Assets/scenes/demo_Island.unity')

  await builds.option('deepProfiling').check()
  await builds.option('developmentBuild').uncheck()
  await expect(builds.issue('options.deepProfiling')).toContainText('Deep profiling needs a Development Build')
  await expect(builds.issue('options.deepProfiling')).toContainText('release players do not contain the profiler instrumentation')
  await expect(page.getByTestId('save-profile')).toBeDisabled()
  await page.screenshot({ path: screenshotPath('builds-validation'), fullPage: true })
  // Ctrl+B refuses too, pointing at the fields.
  await page.keyboard.press('Control+b')
  await expect(page.getByTestId('start-error')).toContainText('fix them')
  await expect(page.getByTestId('live-build')).toHaveCount(0)

  await builds.option('developmentBuild').check()
  await expect(builds.issue('options.deepProfiling')).toHaveCount(0)
  // Scenes: customise the EditorBuildSettings list, reorder, include one more.
  await page.getByTestId('scenes-follow').uncheck()
  await page.getByRole('button', { name: 'Move Assets/scenes/Testing/benchmark_island-static.unity up' }).click()
  await page.getByRole('checkbox', { name: 'Include Assets/scenes/main_menu.unity' }).check()
  await page.getByTestId('field-defines').fill('SLATE_DEVELOPMENT;E2E_DEFINE')
  await page.getByTestId('save-profile').click()
  // Saved once the core answered: the draft is no longer "unsaved" and the select names it.
  await expect(page.getByTestId('unsaved-changes')).toHaveCount(0)
  await expect(page.getByTestId('profile-select')).not.toContainText('not saved')
  const saved = JSON.parse(fs.readFileSync(path.join(copy.root, 'ProjectSettings', 'SlateBuildProfiles.json'), 'utf8'))
  expect(saved.profiles[0].options).toMatchObject({ developmentBuild: true, deepProfiling: true })
  expect(saved.profiles[0].defines).toEqual(['SLATE_DEVELOPMENT', 'E2E_DEFINE'])
  expect(saved.profiles[0].scenes).toEqual(['Assets/scenes/Testing/benchmark_island-static.unity', 'Assets/scenes/demo_Island.unity', 'Assets/scenes/main_menu.unity'])

  await page.getByTestId('show-command-line').click()
  const cmd = page.getByTestId('command-line')
  await expect(cmd).toContainText('-buildTarget Win64')
  await expect(cmd).toContainText('-executeMethod Slate.Bridge.BuildCommand.Build')
  await expect(cmd).toContainText('EnableDeepProfilingSupport')
  await expect(cmd).toContainText("-slateScenes 'Assets/scenes/Testing/benchmark_island-static.unity;Assets/scenes/demo_Island.unity;Assets/scenes/main_menu.unity'")
  await page.screenshot({ path: screenshotPath('builds-profile'), fullPage: true })
  // The Docker runner's dry run names its image (GameCI's, or the one given).
  await page.getByTestId('field-runner').selectOption('docker')
  await page.getByTestId('field-image').fill('registry.local/unity:2020.3.23f1-windows')
  await page.getByTestId('show-command-line').click()
  await expect(cmd).toContainText('# image registry.local/unity:2020.3.23f1-windows')
  await expect(cmd).toContainText('unity-editor -batchmode')
})

test('a build runs with live stages, finishes Succeeded from the report, and appears in history', async ({ page }) => {
  unity.scenario('success', 3000)
  const builds = await openBuilds(page)
  await builds.startWithKeyboard()
  await expect(builds.tab('build')).toHaveAttribute('aria-selected', 'true')
  await builds.waitFinished('succeeded')
  for (const id of ['prepare', 'compile', 'bundles', 'package', 'optimize', 'executable', 'finalize']) await expect(builds.stage(id)).toHaveAttribute('data-state', 'done')
  await expect(builds.live().getByTestId('build-progress')).toHaveAttribute('aria-valuenow', '100')
  await expect(builds.live().getByTestId('live-reason')).toContainText('Succeeded')
  await expect(builds.live().getByTestId('build-log')).toContainText('Exiting batchmode successfully now!')
  await page.screenshot({ path: screenshotPath('builds-succeeded'), fullPage: true })

  await builds.live().getByTestId('live-show-history').click()
  await expect(builds.historyRows().first()).toHaveAttribute('data-status', 'succeeded')
  const detail = page.getByTestId('job-detail')
  await expect(detail.getByTestId('detail-reason')).toContainText('Succeeded')
  // Packed assets, biggest first (the stand-in's report lists them smallest first).
  const assets = detail.getByTestId('detail-assets').locator('tr')
  await expect(assets.first()).toContainText('Assets/Audio/theme.ogg')
  await expect(assets.last()).toContainText('Assets/Textures/small.png')
  await expect(detail.getByTestId('detail-steps')).toContainText('Compile scripts')
  await expect(page.getByTestId('build-trends')).toContainText('100% success · 1 of 1 finished (cancelled not counted)')
  await page.screenshot({ path: screenshotPath('builds-history'), fullPage: true })
  await detail.getByTestId('detail-assets').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('builds-job-detail'), fullPage: true })

  // Filters: a status with no match empties the table, a target with one shows it.
  await page.getByTestId('filter-status').selectOption('failed')
  await expect(page.getByTestId('history-empty')).toBeVisible()
  await page.getByTestId('filter-status').selectOption('')
  await page.getByTestId('filter-target').selectOption('StandaloneWindows64')
  await expect(builds.historyRows()).toHaveCount(1)

  // The dashboard's builds card counts it too, and its log link opens the build log in the Console.
  await page.keyboard.press('Alt+1')
  const card = page.getByTestId('builds-summary-card')
  await expect(card.getByTestId('builds-summary-rate')).toHaveText('100%')
  await expect(card).toContainText('Succeeded')
  await page.screenshot({ path: screenshotPath('builds-dashboard-card'), fullPage: true })
  await card.getByRole('button', { name: 'log' }).first().click()
  await expect(page.getByTestId('nav-console')).toHaveAttribute('aria-current', 'page')
})

test('a build with compile errors shows them structured; a click opens the code view at that file and line', async ({ page }) => {
  unity.scenario('compile-errors', 2500)
  const builds = await openBuilds(page)
  await builds.startWithButton()
  await builds.waitFinished('failed')
  await expect(builds.live().getByTestId('live-reason')).toContainText(/compil/i)
  // The failure is placed where it happened: the scripts did not compile.
  await expect(builds.stage('compile')).toHaveAttribute('data-state', 'failed')
  const errors = builds.live().getByTestId('build-errors')
  await expect(errors).toContainText('CS0246')
  const link = errors.getByTestId('build-error-link').filter({ hasText: `${AR_FILE}:40:17` }).first()
  await expect(link).toBeVisible()
  await page.screenshot({ path: screenshotPath('builds-compile-errors'), fullPage: true })
  await link.click()
  await expect(page.getByTestId('view-code')).toBeVisible()
  await expect(page).toHaveURL(/#\/code\?path=Assets%2FUnityARInterface.*line=40&column=17/)
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-path', AR_FILE)
  await page.screenshot({ path: screenshotPath('builds-error-opened'), fullPage: true })
})

test('a running build shows its current stage and log, and Cancel stops it', async ({ page }) => {
  // `slow` replays log 01 and then hangs like a stuck editor: only a cancel ends it.
  unity.scenario('slow', 3000)
  const builds = await openBuilds(page)
  await builds.startWithButton()
  await expect(builds.live().locator('[data-state="current"]')).toHaveCount(1)
  await expect(builds.live().getByTestId('build-log')).toContainText('SLATE-STANDIN')
  await expect(builds.live().getByTestId('live-estimate')).toContainText(/left|usual/)
  await expect(builds.live().getByTestId('build-progress')).not.toHaveAttribute('aria-valuenow', '0')
  await page.screenshot({ path: screenshotPath('builds-running'), fullPage: true })
  // The build keeps being followed across a view switch and a reload (builds.running + builds.log).
  await new ShellPage(page).go('dashboard')
  await new ShellPage(page).go('builds')
  await expect(builds.live()).toHaveAttribute('data-status', 'running')
  await page.reload()
  await expect(builds.live()).toHaveAttribute('data-status', 'running')
  await expect(builds.tab('build')).toHaveAttribute('aria-selected', 'true')
  await expect(builds.live().getByTestId('build-log')).not.toBeEmpty()
  await expect(builds.live().locator('[data-state="current"]')).toHaveCount(1)
  await builds.live().getByTestId('cancel-build').click()
  await builds.waitFinished('cancelled')
  await expect(builds.live().locator('[data-state="stopped"]')).toHaveCount(1)
  await page.screenshot({ path: screenshotPath('builds-cancelled'), fullPage: true })
  await builds.tab('history').click()
  await expect(builds.historyRows().first()).toHaveAttribute('data-status', 'cancelled')
})

test('the bridge package is embedded in Packages/com.slate.bridge after its changes are shown and confirmed', async ({ page }) => {
  const builds = await openBuilds(page)
  const embedded = path.join(copy.root, 'Packages', 'com.slate.bridge')
  const manifestBefore = fs.readFileSync(path.join(copy.root, 'Packages', 'manifest.json'), 'utf8')
  await builds.tab('bridge').click()
  await expect(page.getByTestId('bridge-state')).toContainText('Installed in this project (version')
  await page.getByTestId('bridge-remove').click()
  await page.getByTestId('bridge-confirm').click()
  await expect(page.getByTestId('bridge-state')).toContainText('Not installed')
  expect(fs.existsSync(embedded)).toBe(false)
  // Without it the profile is not "Ready to build." and says what to do.
  await builds.tab('profile').click()
  await expect(page.getByTestId('validation-summary')).toContainText('Bridge package tab')
  await builds.tab('bridge').click()
  await page.getByTestId('bridge-install').click()
  await expect(page.getByTestId('bridge-diff')).toContainText('+ Packages/com.slate.bridge/Editor/BuildCommand.cs')
  // Nothing is written before the confirmation.
  expect(fs.existsSync(embedded)).toBe(false)
  await page.screenshot({ path: screenshotPath('builds-bridge-diff'), fullPage: true })
  await page.getByTestId('bridge-confirm').click()
  await expect(page.getByTestId('bridge-state')).toContainText('Installed')
  expect(fs.existsSync(path.join(embedded, 'Editor', 'BuildCommand.cs'))).toBe(true)
  // The manifest names nothing of this machine: it is not touched at all.
  expect(fs.readFileSync(path.join(copy.root, 'Packages', 'manifest.json'), 'utf8')).toBe(manifestBefore)
})

test('without a matching Unity editor the view says which version is missing and how to fix it', async ({ page }) => {
  // Its own server, with no UNITY_PATH and an empty home (no Unity Hub folders).
  const home = fs.mkdtempSync(path.join(copy.root, '..', 'slate-e2e-home-'))
  const bare = await startServe(copy.root, { UNITY_PATH: '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') })
  try {
    const shell = new ShellPage(page)
    await shell.open(bare.url)
    await shell.go('builds')
    const note = page.getByTestId('unity-discovery')
    await expect(note).toHaveAttribute('data-found', 'false')
    await expect(note).toContainText('This project needs Unity 2020.3.23f1, which is not installed')
    await expect(note).toContainText('UNITY_PATH')
    await expect(note.getByRole('button', { name: /Unity path/ })).toBeVisible()
    await page.getByTestId('start-build').click()
    await expect(page.getByTestId('start-error')).toContainText('no Unity editor matches this project')
    await page.screenshot({ path: screenshotPath('builds-unity-missing'), fullPage: true })
    await page.getByTestId('builds-tab-history').click()
    await expect(page.getByTestId('history-empty')).toContainText('No builds yet')
  } finally {
    await bare.stop()
    fs.rmSync(home, { recursive: true, force: true })
  }
})
