import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { CodePage } from './support/code-page'
import { copyFixtureProject } from './support/project-copy'
import { screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// BoatAttack's scripts are placeholders in the fixtures: real C# is written into a copy, while the
// prefabs that use the scripts (by GUID) are BoatAttack's own.
const copy = copyFixtureProject('BoatAttack', ['Assets/Scripts', 'Assets/Objects/boats'])
const ENGINE = 'Assets/Scripts/Boat/Engine.cs'
const CONTROLLER = 'Assets/Scripts/Boat/HumanController.cs'
fs.writeFileSync(
  path.join(copy.root, ENGINE),
  `using UnityEngine;

namespace BoatAttack
{
    /// <summary>The boat's engine: turns throttle into thrust.</summary>
    public class Engine : MonoBehaviour
    {
        public float horsePower = 18f;

        public void Accelerate(float throttle) { }
    }
}
`,
)
fs.writeFileSync(
  path.join(copy.root, CONTROLLER),
  `using UnityEngine;

namespace BoatAttack
{
    public class HumanController : MonoBehaviour
    {
        public Engine engine;

        void Update()
        {
            engine.Accelerate(1f); // Engine in a comment is not a use
        }
    }
}
`,
)
let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(copy.root)
})
test.afterAll(async () => {
  await serve?.stop()
  copy.remove()
})

test('F12 on a type opens its file at the declaration', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('HumanController.cs', CONTROLLER)
  // Put the caret on "Engine" of `public Engine engine;` (line 7) and ask for its definition.
  await code.editor().locator('.view-line', { hasText: 'public Engine engine' }).click()
  for (const key of ['Home', 'Control+ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key)
  await page.keyboard.press('F12')
  await expect(code.editor()).toHaveAttribute('data-path', ENGINE)
  await expect.poll(() => code.cursorLine()).toBe(6) // `public class Engine : MonoBehaviour`
  await page.screenshot({ path: screenshotPath('csharp-f12-engine') })
})

test("the code lens lists the prefabs that use a script, and a click opens one in the asset browser", async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('Boat/Engine.cs', ENGINE)
  const lens = code.editor().locator('.codelens-decoration a', { hasText: 'Unity: used in' })
  await expect(lens).toContainText('1 prefab')
  await lens.click()
  const panel = page.getByTestId('unity-usages')
  await expect(panel).toBeVisible()
  const usage = panel.locator('[data-testid="unity-usage"][data-path="Assets/Objects/boats/_BoatBase.prefab"]')
  await expect(usage).toBeVisible()
  await expect(panel).toContainText('horsePower') // the value the prefab serializes for the field
  await page.screenshot({ path: screenshotPath('csharp-unity-usages') })
  await usage.click()
  await expect(page.getByTestId('view-assets')).toBeVisible()
  await expect(page.getByTestId('asset-preview')).toContainText('_BoatBase.prefab')
  await page.screenshot({ path: screenshotPath('csharp-usage-in-assets') })
})

test('Ctrl+T finds a member by name across the project', async ({ page }) => {
  const shell = new ShellPage(page)
  await shell.open(serve.url)
  await page.keyboard.press('Alt+T')
  await page.getByTestId('symbol-search-input').fill('Accel')
  const item = page.getByTestId('symbol-search-item').first()
  await expect(item).toContainText('Accelerate')
  await page.keyboard.press('Enter')
  await expect(new CodePage(page).editor()).toHaveAttribute('data-path', ENGINE)
})

test('without a C# language server the code view says so, and how to get one', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('Boat/Engine.cs', ENGINE)
  const chip = page.getByTestId('lsp-status')
  await expect(chip).toHaveAttribute('data-state', 'not-found')
  await expect(chip).toContainText('no language server')
  await chip.getByRole('button').click()
  await expect(page.getByTestId('lsp-detail')).toContainText('csharp-ls')
  await expect(page.getByTestId('lsp-detail')).toContainText('SLATE_CSHARP_LS')
  await page.screenshot({ path: screenshotPath('csharp-no-language-server') })
})
