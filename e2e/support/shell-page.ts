import { expect, type Page } from '@playwright/test'

/** Page object for the app shell: sidebar, status bar, view switching. */
export class ShellPage {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url)
    await expect(this.page.getByTestId('statusbar')).toBeVisible()
  }

  statusProject() {
    return this.page.getByTestId('status-project')
  }

  statusUnity() {
    return this.page.getByTestId('status-unity')
  }

  async go(view: 'dashboard' | 'code' | 'assets' | 'console' | 'builds' | 'profiler' | 'runtime' | 'analytics' | 'settings') {
    await this.page.getByTestId(`nav-${view}`).click()
    await expect(this.page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page')
  }
}
