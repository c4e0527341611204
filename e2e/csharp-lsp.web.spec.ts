import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { CodePage } from './support/code-page'
import { copyFixtureProject } from './support/project-copy'
import { repoRoot, screenshotPath, startServe, type ServeHandle } from './support/serve'
import { ShellPage } from './support/shell-page'

// A language server's diagnostics as squiggles, and the UnityEvents of a method in Shift+F12.
// No C# language server installs here (csharp-ls and OmniSharp need the .NET SDK): the server is
// diagnostic-languageserver from npm running Mono's `mcs --parse` (test/lsp/mcs-diagnostics.json),
// so the errors are a real C# compiler's, over real LSP. BoatAttack's main-menu prefabs are its
// own; ColorSelector.cs (a placeholder in the fixture) is written here with the methods its
// buttons call.
const copy = copyFixtureProject('BoatAttack', ['Assets/Objects/UI/prefabs/MainMenu', 'Assets/Scripts/UI'])
const SCRIPT = 'Assets/Scripts/UI/ColorSelector.cs'
fs.writeFileSync(
  path.join(copy.root, SCRIPT),
  `using UnityEngine;

namespace BoatAttack.UI
{
    public class ColorSelector : MonoBehaviour
    {
        public int current;

        public void NextOption() { current++; }

        public void PreviousOption() { current--; }
    }
}
`,
)
let serve: ServeHandle
test.beforeAll(async () => {
  serve = await startServe(copy.root, {
    SLATE_CSHARP_LS: `${path.join(repoRoot, 'node_modules', '.bin', 'diagnostic-languageserver')} --stdio`,
    SLATE_CSHARP_LS_INIT: path.join(repoRoot, 'test', 'lsp', 'mcs-diagnostics.json'),
  })
})
test.afterAll(async () => {
  await serve?.stop()
  copy.remove()
})

test("the language server's errors show as squiggles with the compiler's message, and go when fixed", async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('ColorSelector.cs', SCRIPT)
  const chip = page.getByTestId('lsp-status')
  await expect(chip).toHaveAttribute('data-state', 'running')
  await expect(chip).toContainText('diagnostic-languageserver')
  // Break `current++;` into `current++ +;` — a syntax error mcs reports as CS1525.
  await code.editor().locator('.view-line', { hasText: 'public void NextOption' }).click()
  await page.keyboard.press('End')
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft') // before " }"… then before ";"
  await page.keyboard.type(' +')
  const squiggle = code.editor().locator('.squiggly-error')
  await expect(squiggle.first()).toBeVisible()
  const box = (await squiggle.first().boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await expect(page.locator('.monaco-hover', { hasText: 'CS1525' }).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('csharp-lsp-diagnostics') })
  await page.keyboard.press('Control+Z')
  await expect(squiggle).toHaveCount(0)
})

test('Shift+F12 on a method lists the prefab buttons whose UnityEvents call it', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  await shell.open(serve.url)
  await code.quickOpen('ColorSelector.cs', SCRIPT)
  await code.editor().locator('.view-line', { hasText: 'public void PreviousOption' }).click()
  await page.keyboard.press('Home')
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowRight') // onto "PreviousOption"
  await page.keyboard.press('Shift+F12')
  const peek = page.locator('.peekview-widget, .zone-widget .reference-zone-widget').first()
  await expect(peek).toBeVisible()
  await expect(peek).toContainText('References (3)') // the declaration and the two buttons
  // Expand the prefab's group: each entry is the m_MethodName line of a button's UnityEvent.
  await peek.locator('.monaco-list-row', { hasText: 'MainMenuUI.prefab' }).click()
  const calls = peek.locator('.monaco-list-row', { hasText: 'm_MethodName: PreviousOption' })
  await expect(calls).toHaveCount(2)
  await calls.first().click()
  // The peek's preview now shows the prefab at that call.
  await expect(peek.locator('.preview .view-line', { hasText: 'm_MethodName: PreviousOption' }).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('csharp-unityevent-references') })
})

// Last in this file: it renames in the copy's files.
test('F2 renames a method and the prefab UnityEvents that call it; Ctrl+S saves each file', async ({ page }) => {
  const shell = new ShellPage(page)
  const code = new CodePage(page)
  const PREFAB = 'Assets/Objects/UI/prefabs/MainMenu/MainMenuUI.prefab'
  const callsBefore = fs.readFileSync(path.join(copy.root, PREFAB), 'utf8').split('m_MethodName: PreviousOption').length - 1
  await shell.open(serve.url)
  await code.quickOpen('ColorSelector.cs', SCRIPT)
  await code.editor().locator('.view-line', { hasText: 'public void PreviousOption' }).click()
  await page.keyboard.press('Home')
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowRight')
  await page.keyboard.press('F2')
  await page.getByTestId('rename-input').fill('ShowPrevious')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('rename-summary')).toContainText(`${1 + callsBefore} changes in 2 files`)
  await expect(page.getByTestId('rename-summary')).toContainText('UnityEvents call it by name')
  await page.screenshot({ path: screenshotPath('csharp-rename-preview') })
  // Nothing is written by the preview.
  expect(fs.readFileSync(path.join(copy.root, SCRIPT), 'utf8')).toContain('PreviousOption')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('rename-preview')).toBeHidden()
  for (const p of [SCRIPT, PREFAB]) {
    await code.tab(p).click()
    await expect(code.editor()).toHaveAttribute('data-path', p)
    await code.editor().locator('.view-lines').click()
    await page.keyboard.press('Control+S')
    await expect(code.tab(p)).not.toHaveClass(/dirty/)
  }
  const prefab = fs.readFileSync(path.join(copy.root, PREFAB), 'utf8')
  expect(prefab.split('m_MethodName: ShowPrevious').length - 1).toBe(callsBefore)
  expect(prefab).not.toContain('m_MethodName: PreviousOption')
  expect(fs.readFileSync(path.join(copy.root, SCRIPT), 'utf8')).toContain('public void ShowPrevious()')
})
