import { expect, type Page } from '@playwright/test'

/** Page object for the Builds view: profile editor, live build, history, bridge package. */
export class BuildsPage {
  constructor(readonly page: Page) {}

  async ready() {
    await expect(this.page.getByTestId('view-builds')).toBeVisible()
    await expect(this.page.getByTestId('profile-editor')).toBeVisible()
    await expect(this.page.getByTestId('validation-summary')).not.toContainText('Checking')
  }

  option(key: string) {
    return this.page.getByTestId(`option-${key}`)
  }

  issue(field: string) {
    return this.page.getByTestId(`issue-${field}`)
  }

  tab(id: 'profile' | 'build' | 'history' | 'bridge') {
    return this.page.getByTestId(`builds-tab-${id}`)
  }

  /** The build started last (live panels are newest first). */
  live() {
    return this.page.getByTestId('live-build').first()
  }

  async startWithKeyboard() {
    await this.page.keyboard.press('Control+b')
    await expect(this.live()).toBeVisible()
  }

  async startWithButton() {
    await this.page.getByTestId('start-build').click()
    await expect(this.live()).toBeVisible()
  }

  async waitFinished(status: 'succeeded' | 'failed' | 'cancelled') {
    await expect(this.live()).toHaveAttribute('data-status', status, { timeout: 60_000 })
  }

  stage(id: string) {
    return this.live().locator(`[data-stage="${id}"]`)
  }

  historyRows() {
    return this.page.getByTestId('history-row')
  }
}
