import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fixturesDir, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'
import { AssetsPage } from './support/assets-page'
import { packDir, startTestRegistry, type TestRegistry } from '../src-main/testing/npm-registry'

/**
 * Package-aware references in the UI: BoatAttack with ../shared/fixtures/package-cache in a copy's
 * Library/PackageCache (no "Missing" for references into those packages), and a copy without it
 * whose packages are fetched from a registry on loopback with the Fetch button.
 */
const packageCache = path.join(fixturesDir, 'package-cache', 'BoatAttack')
const MAT = 'Assets/Objects/props/props/Materials/Matr_Props.mat'
const LIT = 'Packages/com.unity.render-pipelines.universal/Shaders/Lit.shader'

function copyBoatAttack(withPackages: boolean): { root: string; remove(): void } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-e2e-pkg-'))
  const root = path.join(tmp, 'BoatAttack')
  fs.cpSync(path.join(fixturesDir, 'unity', 'BoatAttack'), root, { recursive: true })
  if (withPackages) fs.cpSync(packageCache, path.join(root, 'Library', 'PackageCache'), { recursive: true })
  return { root, remove: () => fs.rmSync(tmp, { recursive: true, force: true }) }
}

test.describe('with the packages in Library/PackageCache', () => {
  let copy: { root: string; remove(): void }
  let serve: ServeHandle
  test.beforeAll(async () => {
    copy = copyBoatAttack(true)
    serve = await startServe(copy.root)
  })
  test.afterAll(async () => {
    await serve?.stop()
    copy?.remove()
  })

  test('a material’s URP shader resolves into the package (no "Missing"); the Packages tree shows them read-only; the problem headline is what is:problem lists', async ({ page }) => {
    const shell = new ShellPage(page)
    const assets = new AssetsPage(page)
    await shell.open(serve.url)
    await expect(page.getByTestId('dash-problems')).toHaveText(/^\d[\d,]*$/)
    await expect(page.getByTestId('packages-notice')).toContainText('not on this machine; references into them cannot be checked')
    const headline = Number((await page.getByTestId('dash-problems').textContent())!.replace(/,/g, ''))
    await page.screenshot({ path: screenshotPath('packages-dashboard'), fullPage: true })
    await page.getByTestId('dash-problems').click()
    await expect(assets.grid()).toHaveAttribute('data-loaded', /is:problem/)
    expect(Number(await assets.grid().getAttribute('data-total'))).toBe(headline)

    await assets.search('Matr_Props')
    await assets.item(MAT).click()
    const deps = page.getByTestId('asset-dependencies')
    await expect(deps.locator(`[data-path="${LIT}"]`)).toBeVisible()
    await expect(deps.locator(`[data-path="${LIT}"]`).getByTestId('ref-package')).toHaveText('com.unity.render-pipelines.universal')
    await expect(deps.getByTestId('ref-missing')).toHaveCount(0)
    await expect(deps).not.toContainText('Missing')
    await page.screenshot({ path: screenshotPath('packages-material-resolved') })

    // The shader itself, opened from the link: a package asset, shown read-only.
    await deps.locator(`[data-path="${LIT}"]`).click()
    await expect(assets.preview()).toHaveAttribute('data-path', LIT)
    await expect(page.getByTestId('asset-readonly')).toContainText('com.unity.render-pipelines.universal')
    await expect(page.getByTestId('asset-open-code')).toHaveCount(0)
    const row = page.locator('[data-testid="folder-row"][data-path="Packages/com.unity.render-pipelines.universal"]')
    await expect(row).toContainText('read-only')
    await page.screenshot({ path: screenshotPath('packages-tree-readonly') })
  })
})

test.describe('fetching the packages from a registry', () => {
  let copy: { root: string; remove(): void }
  let serve: ServeHandle
  let registry: TestRegistry
  test.beforeAll(async () => {
    const served: Record<string, Record<string, { tgz: Buffer }>> = {}
    for (const dir of fs.readdirSync(packageCache)) {
      const [name, version] = dir.split('@')
      served[name] = { [version]: { tgz: packDir(path.join(packageCache, dir)) } }
    }
    registry = await startTestRegistry(served)
    copy = copyBoatAttack(false)
    // The manifest's `registry` replaces Unity's default registry, as in Unity.
    const manifestPath = path.join(copy.root, 'Packages', 'manifest.json')
    fs.writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifestPath, 'utf8')), registry: registry.url }, null, 2))
    serve = await startServe(copy.root)
  })
  test.afterAll(async () => {
    await serve?.stop()
    await registry?.close()
    copy?.remove()
  })

  test('Fetch packages downloads them into SLATE’s cache and the references resolve', async ({ page }) => {
    const shell = new ShellPage(page)
    const assets = new AssetsPage(page)
    await shell.open(serve.url)
    await shell.go('assets')
    await assets.search('Matr_Props')
    await assets.item(MAT).click()
    const deps = page.getByTestId('asset-dependencies')
    await expect(deps.getByTestId('ref-unverifiable').first()).toBeVisible()
    await expect(deps.getByTestId('ref-missing')).toHaveCount(0)
    await page.screenshot({ path: screenshotPath('packages-before-fetch') })
    await page.getByTestId('packages-fetch').click()
    await expect(page.getByTestId('packages-fetch-result')).toContainText('Fetched 3')
    await expect(deps.locator(`[data-path="${LIT}"]`)).toBeVisible()
    expect(fs.existsSync(path.join(copy.root, 'Library', 'PackageCache'))).toBe(false)
    expect(fs.readdirSync(path.join(serve.dataDir, 'packages')).filter((d) => !d.startsWith('.')).sort()).toEqual(fs.readdirSync(packageCache).sort())
    await page.screenshot({ path: screenshotPath('packages-after-fetch') })
  })
})
