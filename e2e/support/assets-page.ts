import { expect, type Page } from '@playwright/test'

/** Page object for the asset browser: search, grid items, the preview panel and its reference lists. */
export class AssetsPage {
  constructor(readonly page: Page) {}

  async search(text: string) {
    const box = this.page.getByTestId('asset-search')
    await box.fill(text)
    await box.press('Enter')
    await expect(this.grid()).toHaveAttribute('data-loaded', new RegExp(`\\|${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\|`))
  }

  grid() {
    return this.page.getByTestId('asset-grid')
  }

  items() {
    return this.page.getByTestId('asset-item')
  }

  item(path: string) {
    return this.page.locator(`[data-testid="asset-item"][data-path="${path}"]`)
  }

  preview() {
    return this.page.getByTestId('asset-preview')
  }
}
