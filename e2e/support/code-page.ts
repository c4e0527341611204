import { expect, type Page } from '@playwright/test'

/** Page object for the Code view: quick open, tabs, the Monaco editor and the conflict banner. */
export class CodePage {
  constructor(readonly page: Page) {}

  async quickOpen(text: string, expectPath: string) {
    await this.page.keyboard.press('Control+K')
    const input = this.page.getByTestId('quick-open-input')
    await expect(input).toBeFocused()
    await input.fill(text)
    await expect(this.page.getByTestId('quick-open-item').first()).toHaveAttribute('data-path', expectPath)
    await this.page.keyboard.press('Enter')
    // The first open may wait for the Code view's chunk (Monaco) on a busy machine.
    await expect(this.editor()).toHaveAttribute('data-path', expectPath, { timeout: 60_000 })
  }

  editor() {
    return this.page.getByTestId('code-editor')
  }

  tab(path: string) {
    return this.page.locator(`[data-testid="code-tab"][data-path="${path}"]`)
  }

  /** Put the caret at the end of the document and type, as a person would. */
  async typeAtEnd(text: string) {
    await this.editor().locator('.view-lines').click()
    await this.page.keyboard.press('Control+End')
    await this.page.keyboard.type(text)
  }

  /** The 1-based line the caret is on, read from Monaco's own cursor position in the status of the editor. */
  async cursorLine(): Promise<number> {
    return this.page.evaluate(() => {
      const el = document.querySelector('.monaco-editor .current-line')
      const top = el ? (el as HTMLElement).style.top : ''
      const numbers = [...document.querySelectorAll('.margin-view-overlays .active-line-number')]
      return numbers.length ? Number(numbers[0].textContent) : Number(top)
    })
  }
}
